#!/bin/sh
# The Debian package (make deb): installed with dpkg into a throw-away root
# (its own dpkg database; maintainer scripts run chrootless with
# DPKG_ROOT set, so they touch nothing on this host), its files checked,
# its svscan run over a temporary tree with one service until that service
# is up, then purged: nothing of it may be left. Exits 77 (skipped) without
# dpkg-deb or root (dpkg must give the files to root). DEB=FILE tests that
# package instead of building one.
set -u
cd "$(dirname "$0")/.."
if ! command -v dpkg-deb >/dev/null || ! command -v dpkg >/dev/null; then
  echo "SKIP: dpkg-deb missing"
  exit 77
fi
if [ "$(id -u)" != 0 ]; then
  echo "SKIP: needs root to install a package into a throw-away root"
  exit 77
fi
work=$(mktemp -d)
svscan_pid=
cleanup() {
  [ -z "$svscan_pid" ] || kill -9 "$svscan_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

if [ -z "${DEB:-}" ]; then
  packaging/build-deb.sh "$work/deb" >"$work/build.log" 2>&1 ||
    { cat "$work/build.log"; echo "FAIL: make deb"; exit 1; }
  DEB=$(ls "$work"/deb/hardened-daemontools_*.deb)
fi

if command -v lintian >/dev/null; then
  lintian --no-cfg "$DEB" >"$work/lintian.log" 2>&1
  cat "$work/lintian.log"
  grep -q '^E:' "$work/lintian.log" && fail "lintian reports errors"
fi

root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" \
  "$root/var/log"
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
dpkg_root() {
  dpkg --root="$root" --force-script-chrootless --force-depends \
    --log="$work/dpkg.log" "$@"
}
dpkg_root -i "$DEB" || fail "dpkg -i"

# The files.
for program in supervise svscan svscanboot readproctitle svc svstat svok svwait \
  svgroup svpolicy applypolicy envdir envuidgid fghack pgrphack setlock setuidgid \
  softlimit multilog tai64n tai64nlocal; do
  [ -x "$root/usr/bin/$program" ] || fail "no /usr/bin/$program"
  [ -f "$root/usr/share/man/man8/$program.8.gz" ] ||
    fail "no man page for $program"
done
unit=$root/lib/systemd/system/hardened-daemontools.service
for format in policy restart-policy; do
  [ -f "$root/usr/share/man/man5/$format.5.gz" ] ||
    fail "no man page for $format(5)"
done
[ -f "$unit" ] || fail "no unit"
grep -q '^ExecStart=/usr/bin/svscanboot /etc/service$' "$unit" ||
  fail "unit does not run svscanboot /etc/service"
grep -q '^KillMode=process$' "$unit" || fail "unit: KillMode"
[ "$(stat -c '%a %U %F' "$root/etc/service")" = "755 root directory" ] ||
  fail "/etc/service: $(stat -c '%a %U %F' "$root/etc/service")"
[ -f "$root/usr/share/doc/hardened-daemontools/copyright" ] ||
  fail "no copyright file"
version=$(cat VERSION)
dpkg_root -s hardened-daemontools | grep -q "^Version: $version$" ||
  fail "installed version is not $version"
dpkg_root -s hardened-daemontools | grep -q '^Built-Using: .*glibc' ||
  fail "no Built-Using for glibc"

# Its svscan over a temporary tree with one service.
scan=$work/scan
mkdir -p "$scan/one"
printf '#!/bin/sh\nexec sleep 300\n' >"$scan/one/run"
chmod 755 "$scan/one/run"
PATH=$root/usr/bin:$PATH "$root/usr/bin/svscan" "$scan" \
  </dev/null >"$work/svscan.log" 2>&1 &
svscan_pid=$!
service_pid=
for _ in $(seq 100); do
  service_pid=$("$root/usr/bin/svstat" "$scan/one" 2>/dev/null |
    sed -n 's/.*: up (pid \([0-9]*\)).*/\1/p')
  [ -z "$service_pid" ] || break
  sleep 0.1
done
[ -n "$service_pid" ] ||
  fail "service not up: $("$root/usr/bin/svstat" "$scan/one" 2>&1)"
# SIGTERM: svscan stops the service and its supervise, then exits.
kill -TERM "$svscan_pid"
for _ in $(seq 200); do
  kill -0 "$svscan_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$svscan_pid" 2>/dev/null; then
  fail "svscan still running 20 s after SIGTERM"
else
  wait "$svscan_pid" || fail "svscan exit status $? after SIGTERM"
  svscan_pid=
fi
if [ -n "$service_pid" ] && kill -0 "$service_pid" 2>/dev/null; then
  kill -9 "$service_pid"
  fail "service left running"
fi

# Purge: nothing but the throw-away dpkg database is left.
dpkg_root --purge hardened-daemontools || fail "dpkg --purge"
left=$(cd "$root" && find . -mindepth 1 ! -path './var' ! -path './var/lib' \
  ! -path './var/lib/dpkg' ! -path './var/lib/dpkg/*' ! -path './var/log')
[ -z "$left" ] || fail "purge left: $left"
dpkg_root -s hardened-daemontools >/dev/null 2>&1 &&
  fail "still known to dpkg after purge"

if [ "$failures" -ne 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "PASS: package installs, runs svscan, purges cleanly"
