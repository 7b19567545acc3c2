#!/usr/bin/env python3
"""Side-by-side benchmark of our suite, daemontools, runit and s6.

Every measurement runs each suite in turn on the same machine in the same
run, writes its raw figures to out/bench/results.json, and cleans up every
process it started (its process group, then anything whose working
directory is under the benchmark's directory). `report.py` turns the
results into docs/PERFORMANCE.md and a plot.

Usage: bench.py [--only NAME[,NAME...]] [--bin DIR] [--quick] [--suites S,...]
                [--results FILE]
Measurements: memory allup restart control crashloop idle detect status
ready tools
"""
import argparse
import json
import os
import resource
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "out", "bench", "results.json")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def now():
    return time.monotonic()


class Suite:
    """How to start, control and observe one supervision suite."""

    def __init__(self, name, scanner, status_reader, up, down, query,
                 max_services=None, scanner_env=None, tools=None):
        self.name = name
        self.scanner = scanner          # argv prefix; the scan dir is added
        self.status_reader = status_reader
        self.up = up                    # argv prefix; the service dir is added
        self.down = down
        self.query = query              # function(dirs) -> list of argv
        self.max_services = max_services
        self.scanner_env = scanner_env or {}
        # Tool name -> argv prefix (the service dir is added), for the
        # per-invocation CPU cost.
        self.tools = tools or {}

    def pid(self, service):
        return self.status_reader(service)


def status_pid(service, size, offset, layout):
    """The pid `layout` (a struct format) holds at `offset` of a status file
    of at least `size` bytes; None while there is none."""
    try:
        with open(os.path.join(service, "supervise", "status"), "rb") as f:
            data = f.read(max(size, 20))
    except OSError:
        return None
    if len(data) < size:
        return None
    return struct.unpack(layout, data[offset:offset + struct.calcsize(layout)])[0]


def daemontools_pid(service):
    """pid from an 18-byte (daemontools, ours) or 20-byte (runit) status."""
    return status_pid(service, 18, 12, "<I")


def s6_pid(service):
    """pid from s6-supervise's 35-byte status (64-bit big-endian at 24)."""
    return status_pid(service, 35, 24, ">Q")


def make_suites(our_bin):
    ours = lambda name: os.path.join(our_bin, name)
    return [
        Suite("ours", [ours("svscan")], daemontools_pid,
              [ours("svc"), "-u"], [ours("svc"), "-d"],
              lambda dirs: [[ours("svstat")] + dirs],
              scanner_env={"PATH": our_bin + ":/usr/bin:/bin"},
              tools={"control": [ours("svc"), "-u"],
                     "status": [ours("svstat")], "ok": [ours("svok")]}),
        Suite("daemontools", ["/usr/bin/svscan"], daemontools_pid,
              ["/usr/bin/svc", "-u"], ["/usr/bin/svc", "-d"],
              lambda dirs: [["/usr/bin/svstat"] + dirs], max_services=1000,
              scanner_env={"PATH": "/usr/bin:/bin"},
              tools={"control": ["/usr/bin/svc", "-u"],
                     "status": ["/usr/bin/svstat"], "ok": ["/usr/bin/svok"]}),
        Suite("runit", ["/usr/bin/runsvdir"], daemontools_pid,
              ["/usr/bin/sv", "up"], ["/usr/bin/sv", "down"],
              lambda dirs: [["/usr/bin/sv", "status"] + dirs],
              max_services=1000,  # runsvdir refuses more ("too many services")
              scanner_env={"PATH": "/usr/bin:/bin"},
              tools={"control": ["/usr/bin/sv", "up"],
                     "status": ["/usr/bin/sv", "status"]}),
        # s6-svscan allows 500 services unless told otherwise.
        Suite("s6", ["/usr/bin/s6-svscan", "-c", "20000"], s6_pid,
              ["/usr/bin/s6-svc", "-u"], ["/usr/bin/s6-svc", "-d"],
              lambda dirs: [["/usr/bin/s6-svstat", d] for d in dirs],
              scanner_env={"PATH": "/usr/bin:/bin"},
              tools={"control": ["/usr/bin/s6-svc", "-u"],
                     "status": ["/usr/bin/s6-svstat"],
                     "ok": ["/usr/bin/s6-svok"]}),
    ]


# ---------------------------------------------------------------- processes

def proc_cwd(pid):
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return None


def all_pids():
    return [int(p) for p in os.listdir("/proc") if p.isdigit()]


def pids_under(directory):
    found = []
    for pid in all_pids():
        cwd = proc_cwd(pid)
        if cwd and (cwd == directory or cwd.startswith(directory + "/")):
            found.append(pid)
    return found


def children_map():
    children = {}
    for pid in all_pids():
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(pid)
        except (OSError, IndexError):
            pass
    return children


def descendants(root):
    children = children_map()
    result, stack = [], [root]
    while stack:
        pid = stack.pop()
        result.append(pid)
        stack.extend(children.get(pid, []))
    return result


def pss_kib(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_and_switches(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])
        switches = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if "ctxt_switches" in line:
                    switches += int(line.split()[1])
        return ticks / CLK_TCK, switches
    except (OSError, IndexError):
        return 0.0, 0


class Tree:
    """A scan directory with N services, and the scanner running over it."""

    def __init__(self, suite, base, count, run_script="exec sleep 100000"):
        self.suite = suite
        self.dir = os.path.join(base, f"{suite.name}-{count}-{int(now()*1000)}")
        os.makedirs(self.dir)
        self.services = []
        for i in range(count):
            self.services.append(self.add_service(f"s{i}", run_script))
        self.scanner = None

    def add_service(self, name, run_script, where=None):
        path = os.path.join(where or self.dir, name)
        os.makedirs(path)
        with open(os.path.join(path, "run"), "w") as f:
            f.write("#!/bin/sh\n" + run_script + "\n")
        os.chmod(os.path.join(path, "run"), 0o755)
        return path

    def start(self):
        env = dict(os.environ)
        env.update(self.suite.scanner_env)
        self.started_at = now()
        self.scanner = subprocess.Popen(
            self.suite.scanner + [self.dir], cwd=self.dir, env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        return self

    def up_count(self):
        return sum(1 for s in self.services if self.suite.pid(s))

    def wait_all_up(self, timeout):
        """Seconds from start until every service is up. Only services not
        yet seen up are read again, and big trees are polled less often,
        so the poller does not steal the CPU the suites need."""
        deadline = now() + timeout
        waiting = list(self.services)
        interval = 0.005 if len(waiting) < 200 else len(waiting) / 20000
        while now() < deadline:
            waiting = [s for s in waiting if not self.suite.pid(s)]
            if not waiting:
                return now() - self.started_at
            time.sleep(interval)
        return None

    def service_pids(self):
        return {self.suite.pid(s) for s in self.services} - {None, 0}

    def supervision_pids(self):
        services = self.service_pids()
        return [p for p in descendants(self.scanner.pid) if p not in services]

    def stop(self):
        if self.scanner:
            try:
                os.killpg(self.scanner.pid, signal.SIGKILL)
            except OSError:
                pass
            self.scanner.wait()
        for _ in range(50):
            pids = pids_under(self.dir)
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.05)
        shutil.rmtree(self.dir, ignore_errors=True)


def run(argv):
    subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def wait_for(predicate, timeout, interval=0.0005):
    deadline = now() + timeout
    while now() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))
    return ordered[index]


# ------------------------------------------------------------- measurements

def memory_of(tree, count):
    time.sleep(1.0)  # let startup allocations settle
    pids = tree.supervision_pids()
    total = sum(pss_kib(p) for p in pids)
    return {"kib_per_service": total / count, "processes": len(pids),
            "scanner_kib": pss_kib(tree.scanner.pid)}


def measure_tree(suite, base, count, wanted, results, idle_seconds,
                 status_repeats):
    """One tree of `count` services serves every wanted measurement of that
    size: all-up time, memory, idle cost and status query."""
    def put(name, value):
        results.setdefault(name, {}).setdefault(suite.name, {})
        if name in ("idle", "status"):
            results[name][suite.name] = value
        else:
            results[name][suite.name][str(count)] = value
    if not wanted:
        return
    if suite.max_services and count > suite.max_services:
        if "allup" in wanted:
            put("allup", "unsupported")
        return
    tree = Tree(suite, base, count).start()
    try:
        elapsed = tree.wait_all_up(300)
        if "allup" in wanted:
            put("allup", elapsed)
        if elapsed is None:
            return
        if "memory" in wanted:
            put("memory", memory_of(tree, count))
        if "idle" in wanted:
            time.sleep(1)
            pids = tree.supervision_pids()
            first = [cpu_and_switches(p) for p in pids]
            time.sleep(idle_seconds)
            second = [cpu_and_switches(p) for p in pids]
            put("idle", {"services": count,
                         "cpu_seconds": sum(b[0] - a[0] for a, b in zip(first, second)),
                         "context_switches": sum(b[1] - a[1] for a, b in zip(first, second))})
        if "status" in wanted:
            times = []
            for _ in range(status_repeats):
                t = now()
                for argv in suite.query(tree.services):
                    run(argv)
                times.append(now() - t)
            put("status", {"services": count, "seconds": statistics.median(times)})
    finally:
        tree.stop()


class Interleaved:
    """One single-service tree per suite, all up at once, so the latency
    measurements can take turns: the waits that let a service stay up for a
    second are shared by every suite, and all suites see the same moments
    of machine noise."""

    def __init__(self, suites, base, run_script="exec sleep 100000"):
        self.trees = [Tree(s, base, 1, run_script).start() for s in suites]

    def __enter__(self):
        for tree in self.trees:
            tree.wait_all_up(30)
        return self

    def __exit__(self, *exc):
        for tree in self.trees:
            tree.stop()

    def in_turn(self, round_number):
        """The trees, starting with a different suite each round: the first
        one after a pause meets a cold machine (idle CPU states, caches),
        and that cost must not always fall on the same suite."""
        k = round_number % len(self.trees)
        return self.trees[k:] + self.trees[:k]


def measure_restart(suites, base, samples):
    latencies = {s.name: [] for s in suites}
    with Interleaved(suites, base) as trees:
        for round_number in range(samples):
            time.sleep(1.05)  # every service up for more than a second
            for tree in trees.in_turn(round_number):
                suite, service = tree.suite, tree.services[0]
                old = suite.pid(service)
                killed = now()
                os.kill(old, signal.SIGKILL)
                new = wait_for(lambda: (lambda p: p if p and p != old else None)(
                    suite.pid(service)), 10)
                if new:
                    latencies[suite.name].append(now() - killed)
    return latencies


def measure_control(suites, base, samples):
    """Stop and start until the status shows it; and a stop sent right
    after a start (within half a second)."""
    results = {s.name: {"stop": [], "start": [], "stop_after_start": []}
               for s in suites}
    with Interleaved(suites, base) as trees:
        for round_number in range(samples):
            time.sleep(1.1)  # past daemontools' one-second window
            for tree in trees.in_turn(round_number):
                suite, service = tree.suite, tree.services[0]
                r = results[suite.name]
                t = now()
                run(suite.down + [service])
                if wait_for(lambda: suite.pid(service) == 0, 10):
                    r["stop"].append(now() - t)
                time.sleep(0.05)
                t = now()
                run(suite.up + [service])
                if wait_for(lambda: suite.pid(service), 10):
                    r["start"].append(now() - t)
                # Right after that start: stop again at once.
                t = now()
                run(suite.down + [service])
                if wait_for(lambda: suite.pid(service) == 0, 10):
                    r["stop_after_start"].append(now() - t)
                run(suite.up + [service])
                wait_for(lambda: suite.pid(service), 10)
    return results


def child_cpu(argv):
    """CPU time (user + system, from wait4's rusage) of one run of argv.
    Linux derives utime+stime from the scheduler's exact runtime, so the
    sum is precise even for runs far shorter than a clock tick."""
    pid = os.posix_spawn(argv[0], argv, {"PATH": "/usr/bin:/bin"},
                         file_actions=[(os.POSIX_SPAWN_OPEN, 0, "/dev/null",
                                        os.O_RDONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 1, "/dev/null",
                                        os.O_WRONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 2, "/dev/null",
                                        os.O_WRONLY, 0)])
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_utime + usage.ru_stime


def measure_tools(suites, base, runs, chunk=100):
    """CPU time per invocation of each suite's control, status and ok tool
    on one up service: `runs` runs per tool, in chunks that take turns
    between the suites (and a static no-op as the floor of fork+exec), so
    all meet the same machine load. Figures: median over chunks of the
    chunk's CPU per run, in seconds."""
    results = {s.name: {} for s in suites}
    floors = {"/bin/true": ["/bin/true"]}
    # What a static tool pays before its own work: exec alone, and exec
    # with our tools' lockdown (bench/tool_floor.c).
    program = os.path.join(base, "tool_floor")
    if subprocess.run(["gcc", "-O2", "-static-pie", "-o", program,
                       os.path.join(ROOT, "bench", "tool_floor.c")]).returncode == 0:
        floors["static-pie"] = [program]
        floors["static-pie, locked down"] = [program, "lock"]
    floor = results.setdefault("floor", {name: [] for name in floors})
    with Interleaved(suites, base) as trees:
        for round_number in range(max(1, runs // chunk)):
            for name, argv in floors.items():
                floor[name].append(
                    sum(child_cpu(argv) for _ in range(chunk)) / chunk)
            for tree in trees.in_turn(round_number):
                service = tree.services[0]
                for tool, argv in tree.suite.tools.items():
                    total = sum(child_cpu(argv + [service])
                                for _ in range(chunk))
                    results[tree.suite.name].setdefault(tool, []).append(
                        total / chunk)
    return results


def measure_crashloop(suite, base, seconds):
    counter = os.path.join(base, f"crash-{suite.name}")
    tree = Tree(suite, base, 1, f"echo x >> {counter}; exit 1").start()
    try:
        wait_for(lambda: os.path.exists(counter), 10)
        before = sum(cpu_and_switches(p)[0] for p in tree.supervision_pids())
        with open(counter) as f:
            starts_before = len(f.read().splitlines())
        time.sleep(seconds)
        with open(counter) as f:
            starts = len(f.read().splitlines()) - starts_before
        after = sum(cpu_and_switches(p)[0] for p in tree.supervision_pids())
    finally:
        tree.stop()
        if os.path.exists(counter):
            os.unlink(counter)
    return {"restarts_per_second": starts / seconds,
            "supervisor_cpu_seconds": after - before}


def measure_detect(suites, base, samples, timeout):
    """From renaming a new service directory into the scan directory until
    it is up. A suite that misses three in a row is not waited for again
    (s6-svscan only scans when told to)."""
    results = {s.name: {"latencies": [], "missed": 0, "timeout": timeout}
               for s in suites}
    staging = os.path.join(base, "staging")
    os.makedirs(staging, exist_ok=True)
    missed_in_a_row = {s.name: 0 for s in suites}
    try:
        with Interleaved(suites, base) as trees:
            for i in range(samples):
                time.sleep(0.3)
                for tree in trees.in_turn(i):
                    suite = tree.suite
                    r = results[suite.name]
                    if missed_in_a_row[suite.name] >= 3:
                        r["missed"] += 1
                        continue
                    name = f"new{i}"
                    tree.add_service(name, "exec sleep 100000", where=staging)
                    target = os.path.join(tree.dir, name)
                    t = now()
                    os.rename(os.path.join(staging, name), target)
                    if wait_for(lambda: suite.pid(target), timeout, 0.001):
                        r["latencies"].append(now() - t)
                        missed_in_a_row[suite.name] = 0
                    else:
                        r["missed"] += 1
                        missed_in_a_row[suite.name] += 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return results


def measure_ready(our_bin, base, samples):
    """From the moment a service says it is ready (a newline on its
    notification-fd: s6's protocol, which ours speaks too) until
    `svwait -U` (ours) or `s6-svwait -U` (s6) has returned. ./run blocks
    reading a FIFO, so the benchmark decides the moment; each sample
    restarts the service (k) for a fresh, not yet ready run. Most of
    svwait's figure is the kernel tearing down its inotify watches when
    it exits (an SRCU grace period, 8-20 ms here); it has decided within
    about a millisecond of supervise's rename."""
    ours = lambda name: os.path.join(our_bin, name)
    kinds = {
        "ours": (ours("supervise"), [ours("svwait"), "-U", "-t", "5000"],
                 [ours("svc"), "-k"], daemontools_pid),
        "s6": ("/usr/bin/s6-supervise", ["/usr/bin/s6-svwait", "-U", "-t",
                                         "5000"],
               ["/usr/bin/s6-svc", "-k"], s6_pid),
    }
    results = {}
    for name, (supervise, svwait, kill, read_pid) in kinds.items():
        if not (os.path.exists(supervise) and os.path.exists(svwait[0])):
            continue
        service = os.path.join(base, f"ready-{name}")
        os.makedirs(service)
        trigger = os.path.join(service, "trigger")
        os.mkfifo(trigger)
        with open(os.path.join(service, "notification-fd"), "w") as f:
            f.write("3\n")
        with open(os.path.join(service, "run"), "w") as f:
            f.write("#!/bin/sh\nread line < trigger\necho >&3\n"
                    "exec sleep 100000\n")
        os.chmod(os.path.join(service, "run"), 0o755)
        supervisor = subprocess.Popen(
            [supervise, service], cwd=base, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        latencies = []
        previous = None
        try:
            for _ in range(samples):
                pid = wait_for(lambda: (read_pid(service) or None)
                               if read_pid(service) != previous else None, 5,
                               0.001)
                if not pid:
                    break
                waiter = subprocess.Popen(svwait + [service],
                                          stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL)
                time.sleep(0.2)  # svwait watching, ./run reading the FIFO
                fd = wait_for(lambda: open_writer(trigger), 5, 0.001)
                if fd is None:
                    waiter.kill()
                    waiter.wait()
                    break
                t = now()
                os.write(fd, b"go\n")
                os.close(fd)
                if waiter.wait() == 0:  # svwait -t ends it in time
                    latencies.append(now() - t)
                previous = pid
                run(kill + [service])
        finally:
            os.killpg(supervisor.pid, signal.SIGKILL)
            supervisor.wait()
            for pid in pids_under(service):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        results[name] = {"latencies": latencies}
        if latencies:
            print(f" {name} median {statistics.median(latencies) * 1000:.2f} ms"
                  f" max {max(latencies) * 1000:.2f} ms;", end="", flush=True)
    return results


def open_writer(fifo):
    """The FIFO's write end once a reader has it open, else None."""
    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="")
    parser.add_argument("--bin", default=os.path.join(ROOT, "out", "bench", "bin"))
    parser.add_argument("--quick", action="store_true",
                        help="fewer samples, for a smoke run")
    parser.add_argument("--suites", default="",
                        help="comma-separated subset of ours,daemontools,"
                        "runit,s6 (targeted runs while tuning)")
    parser.add_argument("--sizes", default="",
                        help="comma-separated tree sizes to measure (default: "
                        "1,100,1000,10000)")
    parser.add_argument("--results", default=RESULTS,
                        help="where to keep the raw figures")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    suites = make_suites(os.path.abspath(args.bin))
    chosen = set(filter(None, args.suites.split(",")))
    if chosen:
        suites = [s for s in suites if s.name in chosen]
    results_path = args.results
    sizes = {int(n) for n in args.sizes.split(",") if n}
    quick = args.quick
    names = ["memory", "allup", "restart", "control", "crashloop", "idle",
             "detect", "status", "ready", "tools"]
    wanted = [n for n in names if not only or n in only]
    if not wanted:
        print(f"unknown measurement; choose from: {' '.join(names)}")
        return 100
    results = {}
    if os.path.exists(results_path):
        with open(results_path) as f:
            results = json.load(f)
    results["machine"] = {
        "cpus": os.cpu_count(),
        "kernel": os.uname().release,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    # 10,000 services need more pids than the kernel default of 32768.
    try:
        with open("/proc/sys/kernel/pid_max") as f:
            if int(f.read()) < 200000 and os.geteuid() == 0:
                with open("/proc/sys/kernel/pid_max", "w") as w:
                    w.write("4194304")
                print("raised kernel.pid_max for 10,000 services")
    except OSError:
        pass
    # ...and scanners descriptors per service (ours: one output pipe per
    # supervise when its stdout and stderr are one description, as here):
    # the caller's limit, not the suite, would decide whether 10,000 start.
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard != resource.RLIM_INFINITY and hard < 65536 and os.geteuid() == 0:
            resource.setrlimit(resource.RLIMIT_NOFILE, (65536, 65536))
            print(f"raised the descriptor limit from {soft}/{hard} to 65536")
    except (OSError, ValueError) as error:
        print(f"descriptor limit stays {soft}/{hard} ({error}): a scanner "
              "that holds descriptors per service may not reach 10,000")
    base = tempfile.mkdtemp(prefix="bench-", dir="/tmp")
    os.chmod(base, 0o755)
    def save():
        os.makedirs(os.path.dirname(os.path.abspath(results_path)), exist_ok=True)
        with open(results_path, "w") as f:
            json.dump(results, f, indent=1)

    def step(label, function):
        started = now()
        print(f"{label:28s} ...", end="", flush=True)
        function()
        print(f" {now() - started:6.1f} s", flush=True)
        save()

    results["binaries"] = {
        name: os.path.getsize(os.path.join(args.bin, name))
        for name in ("supervise", "svscan", "svc", "svstat", "svok")
        if os.path.exists(os.path.join(args.bin, name))}
    measured = results.setdefault("measured", {})
    for name in wanted:
        results[name] = {}
        measured[name] = results["machine"]["date"]
    small = [1] if quick else [1, 100]
    large = 100 if quick else 1000
    huge = [] if quick else [10000]
    if sizes:
        small = [n for n in small if n in sizes]
        huge = [n for n in huge if n in sizes]
    idle_seconds = 5 if quick else 30
    status_repeats = 3 if quick else 5
    try:
        for suite in suites:
            for count in small:
                step(f"{suite.name} tree of {count}", lambda: measure_tree(
                    suite, base, count, set(wanted) & {"memory", "allup"} if count == 100
                    else set(wanted) & {"memory"}, results, 0, 0))
            if not sizes or large in sizes:
                step(f"{suite.name} tree of {large}", lambda: measure_tree(
                    suite, base, large,
                    set(wanted) & {"memory", "allup", "idle", "status"},
                    results, idle_seconds, status_repeats))
            if "allup" in wanted:
                for count in huge:
                    step(f"{suite.name} tree of {count}", lambda: measure_tree(
                        suite, base, count, {"allup"}, results, 0, 0))
            if "crashloop" in wanted:
                step(f"{suite.name} crash loop", lambda: results["crashloop"].__setitem__(
                    suite.name, measure_crashloop(suite, base, 3 if quick else 10)))
        samples = 5 if quick else 30
        if "restart" in wanted:
            step("restart (all suites)", lambda: results.__setitem__(
                "restart", measure_restart(suites, base, samples)))
        if "control" in wanted:
            step("control (all suites)", lambda: results.__setitem__(
                "control", measure_control(suites, base, samples)))
        if "tools" in wanted:
            step("tools (all suites)", lambda: results.__setitem__(
                "tools", measure_tools(suites, base, 200 if quick else 1000)))
        if "detect" in wanted:
            step("detect (all suites)", lambda: results.__setitem__(
                "detect", measure_detect(suites, base, 3 if quick else 10, 7)))
        if "ready" in wanted:
            step("ready to svwait (ours, s6)", lambda: results.__setitem__(
                "ready", measure_ready(os.path.abspath(args.bin), base,
                                       5 if quick else 20)))
    finally:
        for pid in pids_under(base):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
