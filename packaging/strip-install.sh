#!/bin/sh
# strip-install.sh SRC DEST DEBUGROOT: installs the program SRC as DEST
# without symbols, and its debug information as
# DEBUGROOT/.build-id/xx/yyyy.debug (the layout gdb and Debian's -dbgsym
# packages use), linked from DEST by build id and by .gnu_debuglink.
set -eu
src=$1
dest=$2
debugroot=$3
debug=$("$(dirname "$0")/debug-file.sh" "$src" "$debugroot")
if [ -z "$debug" ]; then
  echo "strip-install.sh: fatal: $src has no build id" >&2
  exit 111
fi
install -d "${debug%/*}"
objcopy --only-keep-debug --compress-debug-sections "$src" "$debug"
chmod 644 "$debug"
objcopy --strip-all --remove-section=.comment --remove-section=.note \
  "$src" "$dest.new"
objcopy --add-gnu-debuglink="$debug" "$dest.new"
chmod 755 "$dest.new"
mv -f "$dest.new" "$dest"
