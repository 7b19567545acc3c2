#!/bin/sh
# run_shell_tests.sh OUTDIR TEST...: runs each shell test (from the top of
# the checkout) and writes one line per test to OUTDIR/results.txt:
# "PASS name", "SKIP name" (the test exited 77) or "FAIL name". Each test's
# output goes to OUTDIR/NAME.log; a failing test's last lines are shown.
out=$1
shift
mkdir -p "$out"
: >"$out/results.txt"
for test in "$@"; do
  name=$(basename "$test" .sh)
  echo "running $name"
  "$test" >"$out/$name.log" 2>&1
  status=$?
  case $status in
    0) echo "PASS $name" >>"$out/results.txt" ;;
    77) echo "SKIP $name" >>"$out/results.txt"; tail -1 "$out/$name.log" ;;
    *) echo "FAIL $name" >>"$out/results.txt"; tail -20 "$out/$name.log" ;;
  esac
done
