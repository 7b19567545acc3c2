#!/bin/sh
# debug-file.sh PROGRAM DEBUGROOT: prints where the debug information of
# PROGRAM goes by its build id (nothing if it has none): used by
# strip-install.sh, and by uninstall to remove exactly that file.
id=$(readelf -n "$1" 2>/dev/null |
  sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p')
[ -n "$id" ] || exit 0
echo "$2/.build-id/$(printf %s "$id" | cut -c1-2)/$(printf %s "$id" | cut -c3-).debug"
