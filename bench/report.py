#!/usr/bin/env python3
"""Turns out/bench/results.json into docs/PERFORMANCE.md and
docs/latency.png (gnuplot). Usage: report.py [RESULTS [DOC]]. Ratios are suite / ours: above 1 means the
other suite takes more (time, memory, CPU) than ours."""
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "out", "bench", "results.json")
DOC = os.path.join(ROOT, "docs", "PERFORMANCE.md")
PLOT = os.path.join(ROOT, "docs", "latency.png")
SUITES = ["ours", "daemontools", "runit", "s6"]


def fmt(value, unit="", digits=1):
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    return f"{value:.{digits}f}{unit}"


def ratio(value, ours):
    if not isinstance(value, (int, float)) or not isinstance(ours, (int, float)):
        return ""
    if ours == 0:
        return ""
    return f" ({value / ours:.2f}x)"


MEASURED = {}


# Table number -> measurement name, for the "Measured ..." line.
NAMES = {"1": "memory", "2": "allup", "3": "restart", "4": "control",
         "5": "crashloop", "6": "idle", "7": "detect", "8": "status",
         "9": "tools", "10": "ready"}


def table(title, rows, note=""):
    name = NAMES.get(title.split(".")[0], "")
    lines = [f"### {title}", ""]
    if name in MEASURED:
        note = (note + " " if note else "") + f"Measured {MEASURED[name]}."
    if note:
        lines += [note, ""]
    lines.append("| | " + " | ".join(SUITES) + " |")
    lines.append("|---" * (len(SUITES) + 1) + "|")
    for label, values, unit, digits in rows:
        ours = values.get("ours")
        cells = []
        for suite in SUITES:
            value = values.get(suite)
            text = fmt(value, unit, digits)
            if suite != "ours":
                text += ratio(value, ours)
            cells.append(text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def ms(values, fraction=None):
    if not values:
        return None
    if fraction is None:
        return statistics.median(values) * 1000
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] * 1000


def main():
    global DOC, PLOT
    results = sys.argv[1] if len(sys.argv) > 1 else RESULTS
    if len(sys.argv) > 2:  # a trial report elsewhere
        DOC = sys.argv[2]
        PLOT = os.path.join(os.path.dirname(DOC), "latency.png")
    with open(results) as f:
        r = json.load(f)
    MEASURED.update(r.get("measured", {}))
    out = ["# Performance", "",
           "Measured by `make bench` (bench/bench.py): ours, daemontools 0.76, "
           "runit (runsvdir/runsv/sv) and s6 (s6-svscan/s6-supervise/s6-svc) "
           "from Debian 12, one after another in the same run on the same "
           "machine. Cells show the figure and, for the other suites, its "
           "ratio to ours (above 1: the other suite needs more). The machine "
           "is shared and noisy: compare ratios, not absolute times. Tree "
           "measurements (memory, all-up, idle, status) run each suite in "
           "turn; the latency measurements (restart, control, detection) run "
           "all four suites at once and take turns sample by sample, so every "
           "suite meets the same moments of machine noise. The whole run takes "
           "about 10 minutes on two cores. `make bench ONLY=...` re-runs single "
           "tables; each table says when it was measured.", "",
           f"Machine: {r['machine']['cpus']} CPUs, Linux {r['machine']['kernel']}, "
           f"last run {r['machine']['date']}.", ""]
    if "memory" in r:
        rows = []
        for count in ["1", "100", "1000"]:
            values = {s: (r["memory"].get(s, {}).get(count) or {}).get("kib_per_service")
                      if isinstance(r["memory"].get(s, {}).get(count), dict) else None
                      for s in SUITES}
            rows.append((f"N = {count}", values, " KiB", 1))
        scanner = {s: (r["memory"].get(s, {}).get("1") or {}).get("scanner_kib")
                   if isinstance(r["memory"].get(s, {}).get("1"), dict) else None
                   for s in SUITES}
        if any(v is not None for v in scanner.values()):
            rows.append(("scanner alone, N = 1", scanner, " KiB", 0))
        out.append(table("1. Memory per supervised service", rows,
                         "Sum of PSS (`/proc/PID/smaps_rollup`) of every "
                         "supervision process (scanner, supervisors, our "
                         "spawners), divided by N. Services are `sleep`."))
        sizes = r.get("binaries") or {}
        if sizes:
            out.append("Sizes of our installed (stripped) programs: " +
                       ", ".join(f"{name} {size / 1024:.0f} KiB"
                                 for name, size in sorted(sizes.items())) +
                       ".\n")
    if "allup" in r:
        rows = []
        for count in ["100", "1000", "10000"]:
            values = {s: r["allup"].get(s, {}).get(count) for s in SUITES}
            values = {s: (v * 1000 if isinstance(v, (int, float)) else v)
                      for s, v in values.items()}
            rows.append((f"N = {count}", values, " ms", 0))
        out.append(table("2. Scanner start until all N services are up", rows,
                         "daemontools' svscan stops at 1000 services."))
    if "restart" in r:
        rows = [("median", {s: ms(r["restart"].get(s)) for s in SUITES}, " ms", 2),
                ("p99", {s: ms(r["restart"].get(s), 0.99) for s in SUITES}, " ms", 2)]
        out.append(table("3. Restart latency", rows,
                         "A service up for more than a second is killed "
                         "(SIGKILL); time until the status shows its new pid. "
                         f"{len(r['restart'].get('ours', []))} samples each."))
    if "control" in r:
        rows = []
        for key, label in [("stop", "stop (down until status shows it)"),
                           ("start", "start (up until status shows it)"),
                           ("stop_after_start", "stop sent right after a start")]:
            rows.append((label + ", median",
                         {s: ms(r["control"].get(s, {}).get(key)) for s in SUITES}, " ms", 2))
            rows.append((label + ", p99",
                         {s: ms(r["control"].get(s, {}).get(key), 0.99) for s in SUITES}, " ms", 2))
        out.append(table("4. Control latency", rows,
                         "Each command is run as a process (svc, sv, s6-svc); "
                         "the time includes starting it."))
    if "crashloop" in r:
        rows = [("restarts per second",
                 {s: (r["crashloop"].get(s) or {}).get("restarts_per_second") for s in SUITES}, "", 2),
                ("supervisor CPU seconds",
                 {s: (r["crashloop"].get(s) or {}).get("supervisor_cpu_seconds") for s in SUITES}, " s", 3)]
        out.append(table("5. Crash loop (a run that exits at once), 10 s", rows,
                         "Every suite keeps about one restart per second; "
                         "the CPU line is what supervising the loop costs."))
    if "idle" in r:
        rows = [("CPU seconds",
                 {s: (r["idle"].get(s) or {}).get("cpu_seconds") for s in SUITES}, " s", 3),
                ("context switches",
                 {s: (r["idle"].get(s) or {}).get("context_switches") for s in SUITES}, "", 0)]
        services = (r["idle"].get("ours") or {}).get("services")
        out.append(table(f"6. Idle cost, {services} services up, 30 s", rows,
                         "All supervision processes together."))
    if "detect" in r:
        values = {}
        for s in SUITES:
            d = r["detect"].get(s) or {}
            values[s] = ms(d.get("latencies")) if d.get("latencies") else \
                f"not detected in {d.get('timeout')} s"
        out.append(table("7. New service detection", [("median", values, " ms", 1)],
                         "A ready service directory is renamed into the scan "
                         "directory; time until it is up. s6-svscan does not "
                         "look by itself: it waits for `s6-svscanctl -a`."))
    if "status" in r:
        rows = [("one query over all services",
                 {s: ((r["status"].get(s) or {}).get("seconds") or 0) * 1000 or None
                  for s in SUITES}, " ms", 1)]
        out.append(table("8. Status query", rows,
                         "`svstat` over every directory (ours, daemontools), "
                         "`sv status` (runit), one `s6-svstat` per directory "
                         "(s6 has no multi-directory form)."))
    if "tools" in r:
        labels = [("control", "control tool (svc -u, sv up, s6-svc -u)"),
                  ("status", "status tool (svstat, sv status, s6-svstat)"),
                  ("ok", "svok (s6-svok; runit has none)")]
        rows = [(label, {s: ((r["tools"].get(s) or {}).get(key) and
                             statistics.median(r["tools"][s][key]) * 1e6)
                         for s in SUITES}, " us", 0)
                for key, label in labels]
        floors = r["tools"].get("floor") or {}
        floor = floors.get("/bin/true")
        note = ("CPU time (user + system from `wait4`'s rusage) of one run "
                "on one up service, including its fork and exec: "
                f"{len(next(iter(r['tools']['ours'].values()), [])) * 100} runs "
                "per tool, in chunks of 100 taking turns between the suites; "
                "the median over chunks. Linux derives utime+stime from the "
                "scheduler's exact runtime, so the sum is precise below a "
                "clock tick. Callgrind cannot run our seccomp-filtered tools.")
        if floor:
            note += (f" The floor, `/bin/true` in the same chunks: "
                     f"{statistics.median(floor) * 1e6:.0f} us.")
        static, locked = (floors.get("static-pie"),
                          floors.get("static-pie, locked down"))
        if static and locked:
            note += (" A static-pie no-op (bench/tool_floor.c): "
                     f"{statistics.median(static) * 1e6:.0f} us; the same "
                     "with our tools' lockdown (bounding set, no_new_privs, "
                     "a 37-instruction seccomp filter, which the kernel "
                     "JIT-compiles and frees at exit): "
                     f"{statistics.median(locked) * 1e6:.0f} us.")
        out.append(table("9. Tool cost", rows, note))
    if "ready" in r:
        got = {s: (r["ready"].get(s) or {}).get("latencies") for s in SUITES}
        rows = [(label, {s: ms(got[s], fraction) for s in SUITES}, " ms", 2)
                for label, fraction in (("median", None), ("p99", 0.99))]
        out.append(table(
            "10. Readiness to svwait",
            rows,
            "A service says it is ready (a newline on its notification-fd, "
            "s6's protocol, which ours speaks too); time until `svwait -U` "
            "(ours) or `s6-svwait -U` (s6) has returned. daemontools and "
            "runit have no readiness."))
    out.append("![restart and control latency distributions](latency.png)\n")
    with open(os.path.join(ROOT, "bench", "analysis.md")) as f:
        out.append(f.read())
    with open(DOC, "w") as f:
        f.write("\n".join(out))
    plot(r)
    return 0


def plot(r):
    data_dir = os.path.join(ROOT, "out", "bench", "plot")
    os.makedirs(data_dir, exist_ok=True)
    series = []
    for measure, key, title in [("restart", None, "restart"),
                                ("control", "stop", "stop"),
                                ("control", "start", "start")]:
        for suite in SUITES:
            values = r.get(measure, {}).get(suite)
            if key:
                values = (values or {}).get(key)
            if not values:
                continue
            path = os.path.join(data_dir, f"{measure}-{key}-{suite}.dat")
            ordered = sorted(values)
            with open(path, "w") as f:
                for i, v in enumerate(ordered):
                    f.write(f"{v * 1000} {(i + 1) / len(ordered)}\n")
            series.append((title, suite, path))
    if not series:
        return
    script = [
        "set terminal png size 1200,420",
        f"set output '{PLOT}'",
        "set multiplot layout 1,3",
        "set xlabel 'milliseconds'", "set ylabel 'fraction of samples'",
        "set key bottom right", "set grid", "set logscale x",
    ]
    for title in ["restart", "stop", "start"]:
        parts = [f"'{p}' using 1:2 with steps title '{s}'"
                 for t, s, p in series if t == title]
        if parts:
            script.append(f"set title '{title} latency (CDF)'")
            script.append("plot " + ", ".join(parts))
    script.append("unset multiplot")
    subprocess.run(["gnuplot"], input="\n".join(script), text=True, check=False)


if __name__ == "__main__":
    sys.exit(main())
