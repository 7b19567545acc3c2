#!/bin/sh
# Source-based coverage of the fuzz targets (make fuzz-coverage): builds
# them with .clusterfuzzlite/build.sh as OSS-Fuzz's coverage build does
# (clang -fprofile-instr-generate -fcoverage-mapping), replays each seed
# corpus (and out/fuzz/new/<target>/ if present), writes an HTML report per
# target under out/fuzz-coverage/<target>/ and the table of line and branch
# coverage of each target's parser files into fuzz/README.md.
# Binaries and profiles stay in out/fuzz-coverage/ for llvm-cov-14 report.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
report=out/fuzz-coverage
rm -rf "$report"
mkdir -p "$report"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
flags="-O0 -fprofile-instr-generate -fcoverage-mapping"
env -i PATH=/usr/bin:/bin HOME="$tmp" CC=clang-14 CXX=clang++-14 \
  CFLAGS="$flags" CXXFLAGS="$flags" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
  SANITIZER=coverage FUZZING_ENGINE=libfuzzer FUZZING_LANGUAGE=c++ \
  ARCHITECTURE=x86_64 SRC="$(dirname "$root")" WORK="$tmp/work" \
  OUT="$root/$report/bin" BUILD_JOBS="${BUILD_JOBS:-2}" \
  bash -eu .clusterfuzzlite/build.sh >"$report/build.log" 2>&1 ||
  { tail -20 "$report/build.log"; exit 1; }
for target in $(cd fuzz && ls *_fuzzer.cc | sed 's/\.cc$//'); do
  corpora="fuzz/corpus/$target"
  [ -d "out/fuzz/new/$target" ] && corpora="$corpora out/fuzz/new/$target"
  LLVM_PROFILE_FILE="$tmp/$target.profraw" "$report/bin/$target" -runs=0 \
    $corpora >"$report/$target.replay.log" 2>&1
  llvm-profdata-14 merge -sparse "$tmp/$target.profraw" -o "$report/$target.profdata"
  llvm-cov-14 show "$report/bin/$target" -instr-profile="$report/$target.profdata" \
    -format=html -output-dir="$report/$target" -ignore-filename-regex='/usr/'
  llvm-cov-14 export "$report/bin/$target" -instr-profile="$report/$target.profdata" \
    -summary-only >"$report/$target.json"
  echo "$target: $(find $corpora -type f | wc -l) inputs replayed"
done
python3 tools/coverage_table.py "$report" fuzz/README.md
echo "HTML: $report/<target>/index.html"
