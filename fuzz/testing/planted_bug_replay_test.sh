#!/bin/sh
# Proof that corpus replay is sanitizer-backed: envdir_fuzzer linked with a
# faulty EnvdirValue (testing/faulty_envdir_value.cc) must fail on the
# real envdir corpus, naming the input, while a harmless input passes.
# Usage: planted_bug_replay_test.sh REPLAY_BINARY
set -u
replay=$1
corpus=fuzz/corpus/envdir_fuzzer
out=${TEST_TMPDIR:-/tmp}/planted_replay.out
fail() { echo "FAIL: $*"; cat "$out"; exit 1; }

"$replay" "$corpus/message" >"$out" 2>&1 || fail "a harmless input failed"
grep -q "replayed 1 inputs, none crashed" "$out" || fail "no replay summary"

if "$replay" "$corpus" >"$out" 2>&1; then
  fail "the replay passed with the planted over-read"
fi
grep -q "ERROR: AddressSanitizer: heap-buffer-overflow" "$out" ||
  fail "no AddressSanitizer report"
grep -q "^crashing input: $corpus/blank\$" "$out" ||
  fail "the crashing input is not named"
echo "PASS: the planted over-read fails the replay at $corpus/blank"
