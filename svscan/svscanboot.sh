#!/bin/sh
# svscanboot [DIR]: starts svscan on DIR (default /etc/service, as Debian
# does) with its errors shown by readproctitle in ps. Before that it tells
# any supervise left from an earlier run to stop its service and exit.
PATH=@BINDIR@:/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin
dir=${1:-/etc/service}

exec </dev/null
exec >/dev/null
exec 2>/dev/null

svc -dx "$dir"/* "$dir"/*/log

env - PATH=$PATH svscan "$dir" 2>&1 | \
env - PATH=$PATH readproctitle service errors: ................................................................................................................................................................................................................................................................................................................................................................................................................
