#!/bin/sh
# Builds every fuzz target with clang, libFuzzer, ASan and UBSan, and fuzzes
# each for FUZZ_SECONDS (default 60), starting from its seed corpus and
# dictionary. New inputs go to out/fuzz/new/<target>/ (merge them into the
# seed corpus deliberately); crashes go to out/fuzz/crashes/<target>/ and
# should become corpus files. One line per target is appended to
# out/fuzz/results.txt: "PASS|FAIL <target> <runs> runs <exec/s> exec/s
# <cov> edges <corpus> corpus files".
# The fuzz build has its own output base, so it does not disturb the
# normal (gcc) build's cache.
set -u
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
bazel=${BAZEL:-bazel}
output_base="${HOME:-/root}/.cache/hardened-daemontools-fuzz"
mkdir -p out/fuzz
: > out/fuzz/results.txt
if ! $bazel --output_base="$output_base" build --config=fuzz \
    --symlink_prefix=out/fuzz-bazel- //fuzz:all >out/fuzz/build.log 2>&1; then
  tail -30 out/fuzz/build.log
  echo "FAIL fuzz-build 0 runs 0 exec/s 0 edges 0 corpus files" >> out/fuzz/results.txt
  exit 1
fi
bin=out/fuzz-bazel-bin/fuzz
jobs=${FUZZ_JOBS:-1}

fuzz_one() {
  fuzzer=$1
  mkdir -p "out/fuzz/new/$fuzzer" "out/fuzz/crashes/$fuzzer"
  log="out/fuzz/$fuzzer.log"
  "$bin/$fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
      -dict="fuzz/$fuzzer.dict" -artifact_prefix="out/fuzz/crashes/$fuzzer/" \
      "out/fuzz/new/$fuzzer" "fuzz/corpus/$fuzzer" >"$log" 2>&1
  rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  edges=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  files=$(find "fuzz/corpus/$fuzzer" "out/fuzz/new/$fuzzer" -type f | wc -l)
  verdict=PASS
  if [ $rc -ne 0 ]; then
    verdict=FAIL
    grep -E "ERROR|SUMMARY|runtime error" "$log" | head -5
  fi
  echo "$verdict $fuzzer ${runs:-0} runs ${speed:-0} exec/s ${edges:-0} edges ${files:-0} corpus files" \
    | tee -a out/fuzz/results.txt
}

# FUZZ_JOBS targets at a time.
running=0
for fuzzer in $(ls fuzz/*_fuzzer.cc | sed 's|fuzz/||; s|\.cc$||'); do
  fuzz_one "$fuzzer" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait
! grep -q '^FAIL' out/fuzz/results.txt
