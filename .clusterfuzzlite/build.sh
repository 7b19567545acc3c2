#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build: compiles every fuzz target with the
# engine's compilers and flags ($CC $CXX $CFLAGS $CXXFLAGS
# $LIB_FUZZING_ENGINE) and writes to $OUT, per target: the binary,
# <target>_seed_corpus.zip, <target>.dict and <target>.options.
# No Bazel here: the sources each target needs are listed below (the same
# as fuzz/BUILD's deps); tools/check_oss_fuzz_build.sh, run by `make
# check`, fails when a target in fuzz/ is missing from this list.
# Also: SRC (the checkout's parent), WORK (scratch), OUT (results).
# OSS-Fuzz runs it from WORKDIR (the checkout); by hand it may run anywhere.
[ -d fuzz ] || cd "$(dirname "$0")/.."
root=$PWD
work=${WORK:-/tmp}/hardened-daemontools-fuzz-build
mkdir -p "$work" "$OUT"

# //common is one library: all of it, as Bazel links it.
common=$(ls common/*.cc | grep -v '_test\.cc$')
# //sandbox:sandbox and what it depends on: every library source of the
# package (its programs and tests left out), so a new module needs no edit.
sandbox=$(ls sandbox/*.cc | grep -v -e '_test\.cc$' -e '/print_[a-z_]*\.cc$' \
  -e '/apply_bench\.cc$')
multilog="log/pattern.cc log/multilog_script.cc log/line_router.cc"
state_machine="supervise/state_machine.cc supervise/restart_policy.cc $common"

# The project's sources (and system libraries) each target links with.
sources_of() {
  case $1 in
    account_fuzzer) echo "$sandbox $common" ;;
    control_fuzzer | restart_policy_fuzzer) echo "$state_machine" ;;
    envdir_fuzzer) echo "chain/envdir_value.cc" ;;
    multilog_script_fuzzer | pattern_fuzzer) echo "$multilog" ;;
    notify_fuzzer) echo "$state_machine" ;;
    policy_fuzzer) echo "$sandbox $common" ;;
    softlimit_fuzzer) echo "chain/softlimit_options.cc $common" ;;
    status_fuzzer) echo "svc/svstat_line.cc $common" ;;
    svstat_report_fuzzer)
      echo "svc/svstat_report.cc svc/svstat_line.cc $common" ;;
    svc_options_fuzzer) echo "svc/svc_arguments.cc $common" ;;
    tai64nlocal_fuzzer) echo "log/local_label.cc $common" ;;
    *) return 1 ;;
  esac
}
libraries_of() {
  case $1 in
    account_fuzzer | policy_fuzzer) echo "-lseccomp -lcap-ng" ;;
  esac
}

# Each source compiled once (two at a time), then shared by the targets.
compile() {
  object="$work/$(echo "$1" | tr / _).o"
  if [ ! -f "$object" ] || [ "$1" -nt "$object" ]; then
    $CXX $CXXFLAGS -std=c++20 -I"$root" -c "$1" -o "$object"
  fi
}
export -f compile
export CXX CXXFLAGS root work

targets=$(cd fuzz && ls *_fuzzer.cc | sed 's/\.cc$//')
all_sources=""
for target in $targets; do
  if ! sources=$(sources_of "$target"); then
    echo "build.sh: no sources listed for $target" >&2
    exit 1
  fi
  all_sources="$all_sources fuzz/$target.cc $sources"
done
echo $all_sources | tr ' ' '\n' | sort -u | xargs -P "${BUILD_JOBS:-2}" -I{} \
  bash -c 'compile {}'

for target in $targets; do
  objects=""
  for source in "fuzz/$target.cc" $(sources_of "$target"); do
    objects="$objects $work/$(echo "$source" | tr / _).o"
  done
  $CXX $CXXFLAGS $objects $LIB_FUZZING_ENGINE $(libraries_of "$target") \
    -o "$OUT/$target"
  cp "fuzz/$target.dict" "$OUT/$target.dict"
  printf '[libfuzzer]\ndict = %s.dict\n' "$target" > "$OUT/$target.options"
  rm -f "$OUT/${target}_seed_corpus.zip"
  (cd "fuzz/corpus/$target" &&
    python3 -c 'import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w") as archive:
    for name in sys.argv[2:]:
        archive.write(name)' "$OUT/${target}_seed_corpus.zip" *)
done
