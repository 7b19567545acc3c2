#!/bin/sh
# The key list at the top of policy.h (its lines starting "//   ") is what
# print_policy_keys --comment prints from the parser's table: a key added,
# renamed or documented differently in one place but not the other fails.
set -eu
here=$(dirname "$0")
expected=$(mktemp)
actual=$(mktemp)
trap 'rm -f "$expected" "$actual"' EXIT
"$here/print_policy_keys" --comment > "$expected"
grep '^//   ' "$here/policy.h" > "$actual" || true
if ! diff -u "$actual" "$expected"; then
  echo "FAIL: sandbox/policy.h's key list differs from the table (above:"
  echo "what to change); paste the output of"
  echo "  bazel run //sandbox:print_policy_keys -- --comment"
  exit 1
fi
echo "policy.h lists the table's keys"
