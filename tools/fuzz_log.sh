# Sourced by tools/run_fuzzers.sh and tools/check_oss_fuzz_build.sh (from
# the checkout's root): what a libFuzzer log (-print_final_stats=1) says,
# for the lines of out/fuzz/results.txt.

# Sets runs, speed (exec/s) and edges from the log $1.
fuzz_log_stats() {
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$1" | tail -1)
  edges=$(grep -o 'cov: [0-9]*' "$1" | tail -1 | cut -d' ' -f2)
}

# After target $1 failed with log $2: the sanitizer's summary and, where
# libFuzzer saved the input, the command that reproduces the crash.
fuzz_log_failure() {
  grep -E "ERROR|SUMMARY|runtime error" "$2" | head -5
  fuzz_log_artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$2" | tail -1)
  fuzz_log_artifact=${fuzz_log_artifact#"$PWD"/}
  if [ -n "$fuzz_log_artifact" ]; then
    echo "  crash saved: $fuzz_log_artifact"
    echo "  reproduce: tools/reproduce_fuzz_crash.sh $1 $fuzz_log_artifact"
  fi
}
