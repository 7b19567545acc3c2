#!/bin/sh
# The installed build (make install): every program is hardened as Debian
# requires, stripped, with its debug information under lib/debug/.build-id;
# `make uninstall` then leaves the prefix empty. Exits 77 (skipped) without
# hardening-check (package devscripts, `make test-deps`).
#
# hardening-check judges a program by its dynamic symbols and program
# headers. For the -static-pie programs it cannot: there are no undefined
# symbols to find __stack_chk_fail or __*_chk among, and a DYN file without
# an INTERP header is taken for a shared library. For those the same facts
# are read here with readelf: ELF type DYN with the PIE flag (DT_FLAGS_1;
# static-pie has no PHDR header, which hardening-check looks for), and
# the stack protector and fortified functions in the symbol table kept in
# the debug file. On Debian 12 no program passes hardening-check's "Control
# flow integrity" (not even /bin/bash): glibc's start files (Scrt1.o,
# rcrt1.o, crti.o) carry no IBT/SHSTK property, so the linker must drop it.
# That check is therefore skipped, and instead every compilation unit's
# recorded options (DW_AT_producer) must include -fcf-protection=full, the
# strong stack protector, stack clash protection, PIE and -O2.
set -u
cd "$(dirname "$0")/.."
if ! command -v hardening-check >/dev/null; then
  echo "SKIP: hardening-check missing (make test-deps installs devscripts)"
  exit 77
fi
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

make --no-print-directory install PREFIX="$prefix" >"$prefix.log" 2>&1 ||
  { cat "$prefix.log"; rm -f "$prefix.log"; echo "FAIL: make install"; exit 1; }
rm -f "$prefix.log"

programs=0
for program in "$prefix"/bin/*; do
  name=${program##*/}
  if ! head -c 4 "$program" | grep -q ELF; then
    continue  # svscanboot, a shell script
  fi
  programs=$((programs + 1))
  debug=$(packaging/debug-file.sh "$program" "$prefix/lib/debug")
  [ -n "$debug" ] && [ -f "$debug" ] || fail "$name: no debug file"
  readelf -S "$program" | grep -q '\.symtab\|\.debug_info' &&
    fail "$name: not stripped"
  readelf -S "$program" | grep -q '\.gnu_debuglink' ||
    fail "$name: no .gnu_debuglink"
  # Every unit of ours (libc's carry no debug information on Debian).
  producers=$(readelf --debug-dump=info "$debug" 2>/dev/null |
    sed -n 's/.*DW_AT_producer *:.*: //p')
  [ -n "$producers" ] || fail "$name: no compilation units recorded"
  echo "$producers" | while read -r producer; do
    last_protector=$(echo "$producer" | grep -o -- '-fstack-protector[a-z-]*' |
      tail -1)
    [ "$last_protector" = -fstack-protector-strong ] ||
      echo "unit without -fstack-protector-strong: $producer"
    for flag in -O2 -fstack-clash-protection -fcf-protection=full -fPIE; do
      case " $producer " in
        *" $flag "*) ;;
        *) echo "unit without $flag: $producer" ;;
      esac
    done
  done | grep . && fail "$name: compiled without a hardening flag"

  if readelf -lW "$program" | grep -q '^ *INTERP'; then
    echo "$name: dynamically linked"
    hardening-check --nocfprotection "$program" ||
      fail "$name: hardening-check"
    continue
  fi
  echo "$name: static-pie"
  hardening-check --nocfprotection --nostackprotector "$program" ||
    fail "$name: hardening-check"
  readelf -hW "$program" | grep -q 'Type: *DYN' || fail "$name: not ELF DYN"
  readelf -dW "$program" | grep -q '(FLAGS_1).*PIE' ||
    fail "$name: no PIE flag"
  readelf -dW "$program" | grep -q '(FLAGS_1).*NOW' ||
    fail "$name: no BIND_NOW"
  readelf -lW "$program" | grep -q '^ *GNU_RELRO' || fail "$name: no RELRO"
  symbols=$(readelf -sW "$debug")
  echo "$symbols" | grep -q ' FUNC .* __stack_chk_fail$' ||
    fail "$name: no stack protector"
  fortified=$(echo "$symbols" | grep -o ' __[a-z0-9_]*_chk$' | sort -u |
    tr -d '\n')
  echo " Fortify Source functions (from the debug file):${fortified:- none used}"
done
[ "$programs" -ge 19 ] || fail "only $programs programs installed"

make --no-print-directory uninstall PREFIX="$prefix" >/dev/null ||
  fail "make uninstall"
left=$(find "$prefix" -mindepth 1)
[ -z "$left" ] || fail "uninstall left: $left"

if [ "$failures" -ne 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "PASS: $programs programs hardened; uninstall left nothing"
