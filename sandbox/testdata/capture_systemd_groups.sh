#!/bin/sh
# Regenerates systemd_syscall_groups.txt: systemd's definition of every
# syscall group we also define (sandbox/syscall_groups.cc), plus the groups
# those nest, so syscall_groups_test can check that ours contain theirs.
# Run from the repository root on a host with systemd-analyze.
set -eu
out=sandbox/testdata/systemd_syscall_groups.txt
ours=$(grep -o '"@[a-z-]*"' sandbox/syscall_groups.cc | tr -d '"' | sort -u)
known=$(systemd-analyze syscall-filter --no-pager 2>/dev/null | grep '^@' | sort -u)
# Our groups that systemd has, then everything they nest, until closed.
want=$(printf '%s\n' $ours | grep -Fx "$known" || true)
while :; do
  nested=$(systemd-analyze syscall-filter --no-pager $want 2>/dev/null |
    sed -n 's/^ *\(@[a-z-]*\)$/\1/p')
  next=$(printf '%s\n' $want $nested | sort -u)
  [ "$next" = "$want" ] && break
  want=$next
done
{
  echo "# systemd's syscall groups, from: systemd-analyze syscall-filter GROUP"
  echo "# $(systemd-analyze --version | head -n 1)"
  echo "# Regenerate with sandbox/testdata/capture_systemd_groups.sh."
  systemd-analyze syscall-filter --no-pager $want 2>/dev/null
} >"$out"
