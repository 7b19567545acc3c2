#!/bin/sh
# Runs .clusterfuzzlite/build.sh the way OSS-Fuzz and ClusterFuzzLite do
# (their environment variables and flags, clang 14, libFuzzer) into a
# temporary $OUT, once per sanitizer (address, undefined), then checks
# each fuzz target in fuzz/ was produced with its seed corpus zip,
# dictionary and options, and runs it for OSS_FUZZ_SECONDS (default 3) on
# its seed corpus. Appends "PASS|FAIL oss-fuzz-<sanitizer>-<target> ..."
# lines to out/fuzz/results.txt (counted by `make check`), after a
# "PASS|FAIL ci-config" line from tools/check_ci_config.py (the workflow
# and project YAML, parsed with python3-yaml).
# Usage: tools/check_oss_fuzz_build.sh [SANITIZER...]
set -u
cd "$(dirname "$0")/.."
. tools/fuzz_log.sh
root=$PWD
seconds=${OSS_FUZZ_SECONDS:-3}
sanitizers=${*:-address undefined}
results=out/fuzz/results.txt
mkdir -p out/fuzz
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
targets=$(cd fuzz && ls *_fuzzer.cc | sed 's/\.cc$//')

# OSS-Fuzz's flags (infra/base-images/base-clang and base-builder). One
# difference: OSS-Fuzz adds -stdlib=libc++ to CXXFLAGS because its
# libFuzzer is built with libc++; Debian's libFuzzer is built with
# libstdc++, so it is left out here.
address="-fsanitize=address -fsanitize-address-use-after-scope"
ubsan_checks="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unsigned-integer-overflow,unreachable,vla-bound,vptr"
ubsan_fatal="array-bounds,bool,builtin,enum,float-divide-by-zero,function,integer-divide-by-zero,null,object-size,return,returns-nonnull-attribute,shift,signed-integer-overflow,unreachable,vla-bound,vptr"
undefined="-fsanitize=$ubsan_checks -fno-sanitize-recover=$ubsan_fatal"

status=0
if python3 tools/check_ci_config.py; then
  echo "PASS ci-config 0 runs 0 exec/s 0 edges 0 corpus files" >> "$results"
else
  echo "FAIL ci-config 0 runs 0 exec/s 0 edges 0 corpus files" | tee -a "$results"
  status=1
fi
for sanitizer in $sanitizers; do
  case $sanitizer in
    address) flags=$address ;;
    undefined) flags=$undefined ;;
    *) echo "check_oss_fuzz_build: unknown sanitizer $sanitizer" >&2; exit 100 ;;
  esac
  out="$tmp/out-$sanitizer"
  log="out/fuzz/oss-fuzz-$sanitizer.build.log"
  mkdir -p "$out" "$tmp/work-$sanitizer"
  cflags="-O1 -fno-omit-frame-pointer -gline-tables-only -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION $flags -fsanitize=fuzzer-no-link"
  if ! env -i PATH=/usr/bin:/bin HOME="$tmp" \
      CC=clang-14 CXX=clang++-14 CFLAGS="$cflags" \
      CXXFLAGS="$cflags" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
      SANITIZER="$sanitizer" FUZZING_ENGINE=libfuzzer FUZZING_LANGUAGE=c++ \
      ARCHITECTURE=x86_64 SRC="$(dirname "$root")" WORK="$tmp/work-$sanitizer" \
      OUT="$out" BUILD_JOBS="${BUILD_JOBS:-2}" \
      bash -eu "$root/.clusterfuzzlite/build.sh" >"$log" 2>&1; then
    tail -20 "$log"
    echo "FAIL oss-fuzz-$sanitizer-build 0 runs 0 exec/s 0 edges 0 corpus files" | tee -a "$results"
    status=1
    continue
  fi
  for target in $targets; do
    verdict=PASS
    for file in "$target" "${target}_seed_corpus.zip" "$target.dict" "$target.options"; do
      if [ ! -s "$out/$file" ]; then
        echo "oss-fuzz $sanitizer: $target: $file missing from \$OUT"
        verdict=FAIL
      fi
    done
    runs=0 speed=0 edges=0 files=0
    if [ $verdict = PASS ]; then
      corpus="$tmp/corpus-$sanitizer-$target"
      mkdir -p "$corpus"
      python3 -m zipfile -e "$out/${target}_seed_corpus.zip" "$corpus"
      files=$(find "$corpus" -type f | wc -l)
      run_log="out/fuzz/oss-fuzz-$sanitizer-$target.log"
      # As the runner does: from $OUT, with the options file's dictionary.
      crashes="$root/out/fuzz/crashes/$target"
      mkdir -p "$crashes"
      if ! (cd "$out" && "./$target" -dict="$target.dict" \
          -max_total_time="$seconds" -print_final_stats=1 \
          -artifact_prefix="$crashes/" "$corpus") >"$run_log" 2>&1; then
        verdict=FAIL
        fuzz_log_failure "$target" "$run_log"
      fi
      fuzz_log_stats "$run_log"
    fi
    [ $verdict = PASS ] || status=1
    echo "$verdict oss-fuzz-$sanitizer-$target ${runs:-0} runs ${speed:-0} exec/s ${edges:-0} edges ${files:-0} corpus files" \
      | tee -a "$results"
  done
done
exit $status
