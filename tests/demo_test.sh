#!/bin/sh
# `make demo` (finding G2): each run uses a new directory that only the
# caller owns (mode 0700), printed first, never the fixed
# /tmp/hardened-daemontools-demo another local user could create first and
# fill with a service/ that root's svscan would then run. Both runs must
# start the demo's services from their own directory.
set -u
cd "$(dirname "$0")/.."
fixed=/tmp/hardened-daemontools-demo
fixed_before=$(ls -ld "$fixed" 2>/dev/null)
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
dirs=
for run in 1 2; do
  output=$(make --no-print-directory demo DEMO_SECONDS=2 2>&1)
  echo "$output"
  dir=$(echo "$output" | sed -n 's/^demo directory: //p' | head -1)
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    fail "run $run: no demo directory printed"
    continue
  fi
  dirs="$dirs $dir"
  [ "$dir" != "$fixed" ] || fail "run $run: the fixed path $fixed"
  [ "$(stat -c '%u %a' "$dir")" = "$(id -u) 700" ] ||
    fail "run $run: $dir is $(stat -c 'uid %u mode %a' "$dir")"
  ls -d "$dir"/service/*/supervise >/dev/null 2>&1 ||
    fail "run $run: svscan started nothing in $dir/service"
done
set -- $dirs
[ $# -eq 2 ] && [ "$1" != "$2" ] || fail "both runs used one directory"
[ "$(ls -ld "$fixed" 2>/dev/null)" = "$fixed_before" ] ||
  fail "$fixed was created or changed"
rm -rf $dirs
if [ "$failures" -ne 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "PASS: each demo ran in its own private directory"
