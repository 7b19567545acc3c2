#!/bin/sh
# Sanitizer-backed fuzzing of every fuzz target (clang, libFuzzer, ASan and
# UBSan, in a Bazel output base of its own so the gcc build's cache stays).
#
#   tools/run_fuzzers.sh          build; replay every corpus; fuzz each
#                                 target for FUZZ_SECONDS (default 60)
#   FUZZ_SECONDS=0 tools/run_fuzzers.sh      build and replay only
#   tools/run_fuzzers.sh merge    merge out/fuzz/new/<target>/ into
#                                 fuzz/corpus/<target>/ (make fuzz-merge)
#
# Replay: every test tagged "fuzz_replay" (each *_corpus_test and the
# planted-bug proof) runs under --config=fuzz; a failure names the target
# and the crashing input. tools/test_summary.py reads those results from
# out/fuzz/replay-testlogs for the targets in out/fuzz/replay-targets.txt.
# Fuzzing: starts from the seed corpus and dictionary; new inputs go to
# out/fuzz/new/<target>/, crashes to out/fuzz/crashes/<target>/ with the
# command that reproduces them. One line per target is appended to
# out/fuzz/results.txt: "PASS|FAIL <target> <runs> runs <exec/s> exec/s
# <cov> edges <corpus> corpus files".
set -u
cd "$(dirname "$0")/.."
. tools/fuzz_log.sh
mode=${1:-fuzz}
seconds=${FUZZ_SECONDS:-60}
bazel=${BAZEL:-bazel}
output_base="${HOME:-/root}/.cache/hardened-daemontools-fuzz"
fuzz_bazel() {
  $bazel --output_base="$output_base" "$@"
}
mkdir -p out/fuzz
bin=out/fuzz-bazel-bin/fuzz
targets=$(ls fuzz/*_fuzzer.cc | sed 's|fuzz/||; s|\.cc$||')

if [ "$mode" = merge ]; then
  if ! fuzz_bazel build --config=fuzz --symlink_prefix=out/fuzz-bazel- \
      //fuzz:all >out/fuzz/build.log 2>&1; then
    tail -30 out/fuzz/build.log
    exit 1
  fi
  status=0
  for fuzzer in $targets; do
    new="out/fuzz/new/$fuzzer"
    corpus="fuzz/corpus/$fuzzer"
    before=$(find "$corpus" -type f | wc -l)
    if [ -z "$(ls -A "$new" 2>/dev/null)" ]; then
      echo "$fuzzer: corpus $before files, nothing new"
      continue
    fi
    mkdir -p "out/fuzz/crashes/$fuzzer"
    # Adds to the corpus only the new inputs that reach new coverage, each
    # named by the SHA-1 of its content (libFuzzer's naming), so a merge
    # is repeatable and never renames or drops a hand-written seed.
    if ! "$bin/$fuzzer" -merge=1 -artifact_prefix="out/fuzz/crashes/$fuzzer/" \
        "$corpus" "$new" >"out/fuzz/$fuzzer.merge.log" 2>&1; then
      echo "FAIL $fuzzer: merge failed, see out/fuzz/$fuzzer.merge.log"
      status=1
      continue
    fi
    after=$(find "$corpus" -type f | wc -l)
    offered=$(find "$new" -type f | wc -l)
    rm -rf "$new"
    echo "$fuzzer: corpus $before -> $after files ($offered new inputs offered)"
  done
  exit $status
fi

: > out/fuzz/results.txt
rm -f out/fuzz/replay-testlogs out/fuzz/replay-targets.txt
# The fuzzers and every replay test, in one build.
# //fuzz/... only: //... would wander into the gcc build's bazel-* links.
replays=$(fuzz_bazel query 'attr(tags, "fuzz_replay", tests(//fuzz/...))' \
  2>>out/fuzz/build.log)
fuzz_bazel test --config=fuzz --symlink_prefix=out/fuzz-bazel- \
  --keep_going --cache_test_results=no //fuzz:all $replays \
  >out/fuzz/build.log 2>&1
rc=$?
# 0: all passed; 3: built, some test failed; anything else: no build.
if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
  tail -30 out/fuzz/build.log
  echo "FAIL fuzz-build 0 runs 0 exec/s 0 edges 0 corpus files" >> out/fuzz/results.txt
  exit 1
fi
echo "$replays" > out/fuzz/replay-targets.txt
ln -sfn "$(readlink -f out/fuzz-bazel-testlogs)" out/fuzz/replay-testlogs
replay_failed=0
for target in $replays; do
  name=${target#//}
  log="out/fuzz/replay-testlogs/${name%%:*}/${name#*:}/test.log"
  if grep -q '<failure\|<error' "${log%.log}.xml" 2>/dev/null || [ ! -f "$log" ]; then
    replay_failed=1
    input=$(sed -n 's/^crashing input: //p' "$log" 2>/dev/null | head -1)
    echo "FAIL replay $target: crashing input ${input:-unknown} (under ASan+UBSan)"
    grep -E "^SUMMARY|runtime error|^FAIL" "$log" 2>/dev/null | head -3
    fuzzer=$(echo "$target" | sed -n 's|^//fuzz:\(.*\)_corpus_test$|\1|p')
    if [ -n "$fuzzer" ] && [ -n "$input" ]; then
      echo "  reproduce: tools/reproduce_fuzz_crash.sh $fuzzer $input"
    fi
  fi
done
[ $replay_failed -eq 0 ] && echo "replayed every corpus under ASan+UBSan: $(echo $replays | wc -w) targets passed"
if [ "$seconds" -eq 0 ]; then
  exit $replay_failed
fi

jobs=${FUZZ_JOBS:-1}

fuzz_one() {
  fuzzer=$1
  mkdir -p "out/fuzz/new/$fuzzer" "out/fuzz/crashes/$fuzzer"
  log="out/fuzz/$fuzzer.log"
  "$bin/$fuzzer" -max_total_time="$seconds" -print_final_stats=1 \
      -dict="fuzz/$fuzzer.dict" -artifact_prefix="out/fuzz/crashes/$fuzzer/" \
      "out/fuzz/new/$fuzzer" "fuzz/corpus/$fuzzer" >"$log" 2>&1
  rc=$?
  fuzz_log_stats "$log"
  files=$(find "fuzz/corpus/$fuzzer" "out/fuzz/new/$fuzzer" -type f | wc -l)
  verdict=PASS
  if [ $rc -ne 0 ]; then
    verdict=FAIL
    fuzz_log_failure "$fuzzer" "$log"
  fi
  echo "$verdict $fuzzer ${runs:-0} runs ${speed:-0} exec/s ${edges:-0} edges ${files:-0} corpus files" \
    | tee -a out/fuzz/results.txt
}

# FUZZ_JOBS targets at a time.
running=0
for fuzzer in $targets; do
  fuzz_one "$fuzzer" &
  running=$((running + 1))
  if [ $running -ge "$jobs" ]; then
    wait
    running=0
  fi
done
wait
! grep -q '^FAIL' out/fuzz/results.txt && [ $replay_failed -eq 0 ]
