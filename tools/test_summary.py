#!/usr/bin/env python3
"""Counts every test case `bazel test` ran, from each target's test.xml.

Usage: test_summary.py [--fuzz-results FILE] [--results FILE]
                       TESTLOGS_DIR TARGET...
Prints failing cases, then one final line "N passed, M failed". A target
without a test.xml (it did not build or did not run) counts as one failure.
Each line of the fuzz results file ("PASS name ..." or "FAIL name ...") is
one more test; a missing results file counts as one failure. The
--results file of the shell tests is read the same way ("SKIP name" lines
are skipped tests).
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


def main():
    arguments = sys.argv[1:]
    fuzz_results = None
    if arguments[:1] == ["--fuzz-results"]:
        fuzz_results, arguments = arguments[1], arguments[2:]
    shell_results = None
    if arguments[:1] == ["--results"]:
        shell_results, arguments = arguments[1], arguments[2:]
    testlogs, targets = arguments[0], arguments[1:]
    passed = failed = skipped = 0
    for path, what, prefix in ((fuzz_results, "fuzzing", "fuzzing "),
                               (shell_results, "shell tests", "")):
        if path is not None:
            p, f, s = count_lines(path, what, prefix)
            passed, failed, skipped = passed + p, failed + f, skipped + s
    for target in targets:
        path = xml_path(testlogs, target)
        if not os.path.exists(path):
            print(f"FAILED (no result): {target}")
            failed += 1
            continue
        p, f, s, failures = count(path)
        passed, failed, skipped = passed + p, failed + f, skipped + s
        for label in failures:
            print(f"FAILED: {target} {label}")
    if skipped:
        print(f"({skipped} skipped)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
