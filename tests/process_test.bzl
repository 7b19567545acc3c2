"""A test that runs real processes: every program of the suite as data,
the harness, and outside Bazel's sandbox (it changes uids and signals
processes it starts)."""

def process_test(name, size = "medium", data = []):
    native.cc_test(
        name = name,
        size = size,
        srcs = [name + ".cc"],
        data = ["//:programs"] + data,
        tags = ["no-sandbox"],
        deps = [
            ":harness",
            "@googletest//:gtest_main",
        ],
    )
