"""One libFuzzer target: a library with LLVMFuzzerTestOneInput, a binary
that is a real fuzzer under --config=fuzz and a corpus replayer otherwise,
and a test that replays the seed corpus (and past crashes).

The replay test is tagged "manual" and "fuzz_replay": `bazel test //...`
(the gcc build, no sanitizers, which would let a heap over-read pass) skips
it, and tools/run_fuzzers.sh runs every "fuzz_replay" test under
--config=fuzz (clang, ASan+UBSan) instead, so each replay in `make check`
is sanitizer-backed. Run one by hand with
`bazel test --config=fuzz //fuzz:NAME_corpus_test`."""

REPLAY_TAGS = ["manual", "fuzz_replay"]

def fuzz_target(name, srcs, deps):
    native.cc_library(
        name = name + "_lib",
        testonly = True,
        srcs = srcs + ["//fuzz:argv_from_bytes.h"],
        deps = deps,
        alwayslink = True,
    )
    native.cc_binary(
        name = name,
        testonly = True,
        deps = [":" + name + "_lib"] + select({
            "//fuzz:fuzzing": [],
            "//conditions:default": ["//fuzz:standalone_main"],
        }),
        linkopts = select({
            "//fuzz:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
    )
    native.cc_test(
        name = name + "_corpus_test",
        size = "small",
        deps = [":" + name + "_lib", "//fuzz:standalone_main"],
        data = native.glob(["corpus/" + name + "/**"]),
        args = ["fuzz/corpus/" + name],
        tags = REPLAY_TAGS,
    )
