#!/bin/sh
# Reproduces one fuzz crash: builds TARGET with clang, libFuzzer, ASan and
# UBSan (the same build as tools/run_fuzzers.sh) and runs it on FILE, which
# prints the sanitizer's report. Exit status: the fuzzer's (0: no crash).
# Usage: tools/reproduce_fuzz_crash.sh TARGET FILE
#   e.g. tools/reproduce_fuzz_crash.sh envdir_fuzzer out/fuzz/crashes/envdir_fuzzer/crash-0a1b...
set -u
if [ $# -ne 2 ]; then
  echo "usage: tools/reproduce_fuzz_crash.sh TARGET FILE" >&2
  exit 100
fi
target=$1
file=$(readlink -f "$2")
cd "$(dirname "$0")/.."
bazel=${BAZEL:-bazel}
output_base="${HOME:-/root}/.cache/hardened-daemontools-fuzz"
$bazel --output_base="$output_base" build --config=fuzz \
  --symlink_prefix=out/fuzz-bazel- "//fuzz:$target" >&2 || exit 111
exec "out/fuzz-bazel-bin/fuzz/$target" "$file"
