#!/usr/bin/env python3
"""Writes the fuzz coverage table into fuzz/README.md (between the
coverage markers) from llvm-cov's JSON summaries.

Usage: coverage_table.py REPORT_DIR README
Each target's row lists the parser files it aims at (PARSERS below), with
the line and branch coverage its corpus reaches in each.
"""
import json
import os
import sys

# The parser source files each target is meant to exercise.
PARSERS = {
    "account_fuzzer": ["sandbox/identity.cc"],
    "control_fuzzer": ["supervise/state_machine.cc"],
    "envdir_fuzzer": ["chain/envdir_value.cc"],
    "multilog_script_fuzzer": ["log/multilog_script.cc", "log/line_router.cc"],
    "notify_fuzzer": ["common/notify_message.cc", "common/readiness_record.cc"],
    "pattern_fuzzer": ["log/pattern.cc"],
    "policy_fuzzer": ["sandbox/policy.cc", "sandbox/seccomp_filter.cc"],
    "restart_policy_fuzzer": ["supervise/restart_policy.cc"],
    "softlimit_fuzzer": ["chain/softlimit_options.cc"],
    "status_fuzzer": ["common/status_record.cc", "svc/svstat_line.cc"],
    "svstat_report_fuzzer": ["svc/svstat_report.cc", "common/exit_record.cc"],
    "svc_options_fuzzer": ["svc/svc_arguments.cc", "common/option_parser.cc"],
    "tai64nlocal_fuzzer": ["log/local_label.cc", "common/tai64n.cc"],
}
BEGIN = "<!-- coverage table: tools/coverage_table.py -->"
END = "<!-- end of coverage table -->"


def percent(summary, kind):
    entry = summary[kind]
    if not entry["count"]:
        return "n/a"
    return f"{100.0 * entry['covered'] / entry['count']:.1f}% ({entry['covered']}/{entry['count']})"


def main():
    report, readme = sys.argv[1], sys.argv[2]
    rows = ["| target | parser file | lines | branches |", "|---|---|---|---|"]
    missing = []
    for target in sorted(PARSERS):
        path = os.path.join(report, target + ".json")
        if not os.path.exists(path):
            missing.append(target)
            continue
        files = json.load(open(path))["data"][0]["files"]
        for parser in PARSERS[target]:
            found = [f for f in files if f["filename"].endswith("/" + parser)]
            if not found:
                rows.append(f"| `{target}` | `{parser}` | not linked | |")
                continue
            summary = found[0]["summary"]
            rows.append(f"| `{target}` | `{parser}` | {percent(summary, 'lines')} | "
                        f"{percent(summary, 'branches')} |")
    unknown = sorted(set(f[:-5] for f in os.listdir(report) if f.endswith("_fuzzer.json")) - set(PARSERS))
    for target in unknown:
        rows.append(f"| `{target}` | (add it to tools/coverage_table.py) | | |")
    text = open(readme).read()
    table = BEGIN + "\n" + "\n".join(rows) + "\n" + END
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + table + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    open(readme, "w").write(text)
    print("\n".join(rows))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
