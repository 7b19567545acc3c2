#!/usr/bin/env python3
"""Counts every test case `bazel test` ran, from each target's test.xml.

Usage: test_summary.py [--fuzz-results FILE] [--results FILE]
                       TESTLOGS_DIR TARGET...
Prints failing cases, then one final line "N passed, M failed". A target
without a test.xml (it did not build or did not run) counts as one failure.
Each line of the fuzz results file ("PASS name ..." or "FAIL name ...") is
one more test; a missing results file counts as one failure. The
--results file of the shell tests is read the same way ("SKIP name" lines
are skipped tests). The corpus replays run under sanitizers in the fuzz
build (tools/run_fuzzers.sh), so the targets listed in replay-targets.txt
next to the fuzz results file are read from replay-testlogs there, not from
TESTLOGS_DIR; a failed replay names its crashing input.
Exits 1 when anything failed.
"""
import os
import sys
import xml.etree.ElementTree as ElementTree


def xml_path(testlogs, target):
    package, _, name = target.lstrip("/").partition(":")
    return os.path.join(testlogs, package, name, "test.xml")


def count(path):
    passed, failed, skipped, failures = 0, 0, 0, []
    root = ElementTree.parse(path).getroot()
    for case in root.iter("testcase"):
        label = case.get("classname", "") + "." + case.get("name", "")
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failures.append(label)
        elif case.get("result") == "skipped" or case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped, failures


def count_lines(path, what, prefix):
    """Counts a file of "PASS|SKIP|FAIL name ..." lines; returns
    passed, failed, skipped."""
    if not os.path.exists(path):
        print(f"FAILED (no result): {what}")
        return 0, 1, 0
    passed = failed = skipped = 0
    for line in open(path):
        words = line.split()
        if not words:
            continue
        if words[0] == "PASS":
            passed += 1
        elif words[0] == "SKIP":
            skipped += 1
        else:
            failed += 1
            print("FAILED: " + prefix + " ".join(words[1:2]))
    return passed, failed, skipped


def replay_logs(fuzz_results):
    """The sanitizer build's testlogs and the targets it ran, if any."""
    if fuzz_results is None:
        return None, set()
    directory = os.path.dirname(fuzz_results)
    listed = os.path.join(directory, "replay-targets.txt")
    if not os.path.exists(listed):
        return None, set()
    return os.path.join(directory, "replay-testlogs"), set(open(listed).read().split())


def crashing_inputs(xml):
    log = xml[: -len(".xml")] + ".log"
    if not os.path.exists(log):
        return []
    return [line.strip() for line in open(log, errors="replace")
            if line.startswith("crashing input: ")]


def main():
    arguments = sys.argv[1:]
    fuzz_results = None
    if arguments[:1] == ["--fuzz-results"]:
        fuzz_results, arguments = arguments[1], arguments[2:]
    shell_results = None
    if arguments[:1] == ["--results"]:
        shell_results, arguments = arguments[1], arguments[2:]
    testlogs, targets = arguments[0], arguments[1:]
    sanitized_testlogs, replays = replay_logs(fuzz_results)
    passed = failed = skipped = 0
    for path, what, prefix in ((fuzz_results, "fuzzing", "fuzzing "),
                               (shell_results, "shell tests", "")):
        if path is not None:
            p, f, s = count_lines(path, what, prefix)
            passed, failed, skipped = passed + p, failed + f, skipped + s
    for target in targets:
        path = xml_path(sanitized_testlogs if target in replays else testlogs,
                        target)
        if not os.path.exists(path):
            print(f"FAILED (no result): {target}")
            failed += 1
            continue
        p, f, s, failures = count(path)
        passed, failed, skipped = passed + p, failed + f, skipped + s
        for label in failures:
            print(f"FAILED: {target} {label}")
        if f and target in replays:
            for line in crashing_inputs(path):
                print(f"  {line} (ASan+UBSan replay)")
    if skipped:
        print(f"({skipped} skipped)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
