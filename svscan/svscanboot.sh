#!/bin/sh
# svscanboot [DIR]: starts svscan on DIR (default /etc/service, as Debian
# does; `svscanboot /service` keeps 0.76's tree) with its errors shown by
# readproctitle in ps. Before that it tells any supervise left from an
# earlier run to stop its service and exit. SIGTERM or SIGINT to
# svscanboot is passed to svscan, which then stops every service in order
# (systemd's stop and init's runlevel change signal svscanboot only).
PATH=@BINDIR@:/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin
dir=${1:-/etc/service}

exec </dev/null
exec >/dev/null
exec 2>/dev/null

svc -dx "$dir"/* "$dir"/*/log

# svscan | readproctitle, but with svscan's pid known to this shell: the
# pipe is a FIFO in a private directory, removed once both ends are open.
# A signal that comes before svscan runs is passed on once it does.
svscan=
signalled=
trap 'signalled=1; [ -z "$svscan" ] || kill -TERM "$svscan"' TERM INT

fifo_dir=$(mktemp -d) || exit 111
mkfifo "$fifo_dir/errors" || { rmdir "$fifo_dir"; exit 111; }
env - PATH=$PATH readproctitle service errors: ................................................................................................................................................................................................................................................................................................................................................................................................................ <"$fifo_dir/errors" &
{
  rm -rf "$fifo_dir"
  exec env - PATH=$PATH svscan "$dir"
} >"$fifo_dir/errors" 2>&1 &
svscan=$!
[ -z "$signalled" ] || kill -TERM "$svscan"

while :; do
  signalled=
  wait "$svscan"
  status=$?
  [ -n "$signalled" ] || break
done
exit "$status"
