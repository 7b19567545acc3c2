#!/bin/sh
# build-deb.sh OUTDIR: builds OUTDIR/hardened-daemontools_VERSION_ARCH.deb
# and its -dbgsym package offline with dpkg-deb, from `make install`
# (the release build) into a staging tree. Needs no root (dpkg-deb
# --root-owner-group) and installs nothing on this host.
set -eu
cd "$(dirname "$0")/.."
out=$1
umask 022
# File times in the packages: the last commit's, so a rebuild is the same.
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null ||
  echo 0)}
export SOURCE_DATE_EPOCH
package=hardened-daemontools
version=$(cat VERSION)
arch=$(dpkg --print-architecture)
stage=$out/stage
root=$stage/$package
dbgroot=$stage/$package-dbgsym
rm -rf "$stage"
mkdir -p "$root" "$dbgroot/usr/lib"

make --no-print-directory install DESTDIR="$root" PREFIX=/usr \
  UNITDIR=/lib/systemd/system >"$stage/install.log"
mv "$root/usr/lib/debug" "$dbgroot/usr/lib/debug"
install -d "$dbgroot/usr/share/doc"
ln -s "$package" "$dbgroot/usr/share/doc/$package-dbgsym"
rmdir "$root/usr/lib" 2>/dev/null || true
gzip -9n "$root"/usr/share/man/man8/*.8 "$root"/usr/share/man/man5/*.5
install -d -m 0755 "$root/etc/service"

# Documentation: copyright, the changelog of a native package, overrides.
doc=$root/usr/share/doc/$package
install -d "$doc" "$root/usr/share/lintian/overrides"
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: $package"
  echo
  echo "Files: *"
  sed -n 's/^Copyright (c) /Copyright: /p' LICENSE
  echo "License: ISC"
  echo
  echo "License: ISC"
  sed -n '/^Permission/,$p' LICENSE | sed 's/^$/./; s/^/ /'
} >"$doc/copyright"
date=$(date -R -u -d "@$SOURCE_DATE_EPOCH")
{
  echo "$package ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version; CHANGES.md in the source lists the changes."
  echo
  echo " -- the hardened-daemontools authors <authors@hardened-daemontools.invalid>  $date"
} | gzip -9n >"$doc/changelog.gz"
install -m 644 packaging/lintian-overrides \
  "$root/usr/share/lintian/overrides/$package"

# Shared libraries of the dynamically linked programs; the static ones
# embed glibc, libseccomp, libcap-ng and gcc-12's libstdc++ (Built-Using).
dynamic=""
for program in "$root"/usr/bin/*; do
  if readelf -lW "$program" 2>/dev/null | grep -q '^ *INTERP'; then
    dynamic="$dynamic -e$program"
  fi
done
shlibs_dir=$stage/shlibs
mkdir -p "$shlibs_dir/debian"
printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$package" \
  "$package" >"$shlibs_dir/debian/control"
root_abs=$(cd "$root" && pwd)
depends=$(cd "$shlibs_dir" && dpkg-shlibdeps -O $(echo "$dynamic" |
  sed "s| -e$root| -e$root_abs|g") 2>/dev/null |
  sed -n 's/^shlibs:Depends=//p')
built_using=$(dpkg-query -W -f='${source:Package} (= ${source:Version})\n' \
  libc6-dev libseccomp-dev libcap-ng-dev libstdc++-12-dev | sort -u |
  paste -sd, | sed 's/,/, /g')

# control_file TEMPLATE TREE [BUILD_IDS]: TREE/DEBIAN/control and md5sums.
control_file() {
  install -d "$2/DEBIAN"
  size=$(du -sk --exclude=DEBIAN "$2" | cut -f1)
  sed -e "s|@VERSION@|$version|g" -e "s|@ARCH@|$arch|" \
    -e "s|@SIZE@|$size|" -e "s|@DEPENDS@|$depends|" \
    -e "s|@BUILT_USING@|$built_using|" -e "s|@BUILD_IDS@|${3:-}|" \
    "$1" >"$2/DEBIAN/control"
  (cd "$2" && find . -type f ! -path './DEBIAN/*' | sed 's|^\./||' |
    LC_ALL=C sort | xargs md5sum) >"$2/DEBIAN/md5sums"
}
control_file packaging/control.in "$root"
for script in postinst prerm postrm; do
  install -m 755 "packaging/$script" "$root/DEBIAN/$script"
done
build_ids=$(find "$dbgroot/usr/lib/debug/.build-id" -name '*.debug' |
  sed 's|.*/\(..\)/\([0-9a-f]*\)\.debug$|\1\2|' | LC_ALL=C sort | paste -sd' ')
control_file packaging/dbgsym-control.in "$dbgroot" "$build_ids"

mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$root" \
  "$out/${package}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$dbgroot" \
  "$out/${package}-dbgsym_${version}_${arch}.deb"
