#!/bin/sh
# Every page renders with man -l without a single groff warning, the
# section-5 pages exist, policy(5) lists every @group of the source
# table and exactly the keys of the parser's table, and svc(8) and
# supervise(8) list exactly the rows of the control-command table.
set -eu
here=$(dirname "$0")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
groups_from="$here/../sandbox/print_syscall_groups"
commands_from="$here/print_control_commands"
keys_from="$here/../sandbox/print_policy_keys"
python3 "$here/pages.py" --groups-from "$groups_from" \
  --commands-from "$commands_from" --keys-from "$keys_from" "$out/man8"
status=0
for page in "$out"/man8/*.8 "$out"/man5/*.5; do
  warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$page" 2>&1 >/dev/null || true)
  if [ -n "$warnings" ]; then
    echo "FAIL: $page: $warnings"
    status=1
  fi
done
for page in policy.5 restart-policy.5; do
  [ -s "$out/man5/$page" ] || { echo "FAIL: no $page"; status=1; }
done
groups=$("$groups_from" | cut -d' ' -f1)
[ -n "$groups" ] || { echo "FAIL: no groups printed"; status=1; }
for group in $groups; do
  grep -q "^\.B $(printf '%s' "$group" | sed 's/-/\\\\-/g')\$" "$out/man5/policy.5" \
    || { echo "FAIL: policy.5 lacks $group"; status=1; }
done
# Both ways: every key of the parser's table has an entry, and every
# entry names a key of the table.
keys=$("$keys_from" | cut -f1)
[ -n "$keys" ] || { echo "FAIL: no keys printed"; status=1; }
for key in $keys; do
  grep -q "^\.B $key " "$out/man5/policy.5" \
    || { echo "FAIL: policy.5 lacks $key"; status=1; }
done
entries=$(sed -n '/^\.SH SETTINGS/,/^\.SH /p' "$out/man5/policy.5" \
  | sed -n 's/^\.B \([^ ]*\) .*/\1/p')
for entry in $entries; do
  printf '%s\n' "$keys" | grep -qx "$entry" \
    || { echo "FAIL: policy.5 names $entry, which the parser lacks"; status=1; }
done
# The section HEADING of PAGE, line for line, against the table with each
# letter after PREFIX.
check_commands() {
  page=$1 heading=$2 prefix=$3
  "$commands_from" | while IFS='	' read -r letter usage kind meaning; do
    printf '.TP\n.B %s%s\n%s\n' "$prefix" "$letter" \
      "$(printf '%s' "$meaning" | sed 's/-/\\-/g')"
  done >"$out/expected"
  sed -n "/^\.SH $heading\$/,/^\.SH /p" "$out/man8/$page" | sed '1d;$d' \
    >"$out/listed"
  diff "$out/expected" "$out/listed" \
    || { echo "FAIL: $page: $heading differ from the command table"; status=1; }
}
[ -n "$("$commands_from")" ] || { echo "FAIL: no commands printed"; status=1; }
check_commands svc.8 OPTIONS '\-'
check_commands supervise.8 COMMANDS ''
letters=$("$commands_from" | cut -c1 | tr -d '\n')
grep -qxF ".B svc [\-$letters] dir ..." "$out/man8/svc.8" \
  || { echo "FAIL: svc.8's synopsis lacks $letters"; status=1; }
[ $status = 0 ] && echo "man pages: all render, policy.5 complete, commands as in the table"
exit $status
