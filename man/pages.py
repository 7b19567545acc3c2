#!/usr/bin/env python3
"""Writes the manual:
man/pages.py [--groups-from PROGRAM] [--commands-from PROGRAM]
[--keys-from PROGRAM] OUTDIR.

OUTDIR gets a section-8 page for every program; when it is a directory
named man8, its sibling man5 gets the pages of the file formats (policy,
restart-policy). The text of each page lives here as data, so all pages
share one layout: NAME, SYNOPSIS, DESCRIPTION, FILES, EXIT STATUS,
DIFFERENCES FROM DAEMONTOOLS 0.76, SEE ALSO for programs; NAME, SYNOPSIS,
DESCRIPTION, SETTINGS, EXAMPLES, SEE ALSO for files. The syscall groups in
policy(5) are printed by PROGRAM (default: bazel-bin/sandbox/
print_syscall_groups beside this checkout), from the table the programs
use, so the page cannot drift from it. Likewise the control commands of
supervise(8) and svc(8) (a COMMANDS or OPTIONS section, and @LETTERS@ and
@EXTENSIONS@ in their text) come from the command table, printed by the
--commands-from PROGRAM (default: bazel-bin/man/
print_control_commands), and the keys of policy(5), with their values,
from the parser's table, printed by the --keys-from PROGRAM (default:
bazel-bin/sandbox/print_policy_keys)."""
import os
import subprocess
import sys

# The one version of the suite, also used by the Debian package.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "VERSION")) as version_file:
    VERSION = version_file.read().strip()
SUITE = "hardened-daemontools " + VERSION

PAGES = {
    "supervise": dict(
        summary="start and watch a service",
        synopsis="supervise dir",
        description=[
            "supervise switches to dir and starts ./run, restarting it when it exits; a file named down keeps the service down at start. Commands arrive through the FIFO dir/supervise/control, one byte each, as svc writes them; COMMANDS lists them, and any other byte is ignored. The state is written to dir/supervise/status (18 bytes: TAI64N of the last change, pid, paused, want).",
            "A crashing service is restarted at most once a second, by a timer: commands are served at once, also during that second.",
            "An optional file dir/restart-policy adds, one setting per line: backoff INITIAL_MS MAX_MS (wait after a quick death, doubling up to MAX_MS), reset_after SECONDS (a run up this long has recovered; default 10) and give_up DEATHS SECONDS (stop restarting after that many deaths in that time, until u). It is read at start and on SIGHUP; supervise/deaths then tells svstat the recent deaths. A ./run that exits 100 is not restarted.",
            "SIGTERM or SIGINT to supervise acts as svc -dx: the service is stopped, then supervise exits. SIGHUP re-reads restart-policy. A failed status write is retried every second.",
            "An optional file dir/policy runs ./run under another user, with chosen capabilities, no_new_privs, a seccomp filter, rlimits and umask; see docs/SECURITY.md. A policy that cannot be used stops the start (retried every 5 seconds) and svstat shows why.",
            "Readiness. A service that says nothing is ready as soon as ./run is started. With dir/notification-fd (s6's protocol; a number N from 3 to 1023) ./run gets the write end of a pipe as descriptor N and is ready when it writes a newline; supervise then closes its end. s6's helpers such as s6-notifyoncheck work unchanged: for them supervise also holds an fcntl lock on supervise/lock and makes the fifodir dir/event. With dir/notify-socket (systemd's sd_notify protocol; the file's content is not used) ./run gets NOTIFY_SOCKET naming a fresh datagram socket (an abstract name with 128 random bits, new at every start): READY=1 marks it ready, STATUS=text is kept, STOPPING=1 is noted, MAINPID=pid is kept only for a descendant of ./run, BARRIER=1 is answered, other keys are ignored. Only the service's process tree may notify: the kernel stamps each datagram with its sender's pid, and a sender whose parent chain does not reach ./run is ignored with one warning per run. Each start reads these files again; an unusable one refuses the start (retried every 5 seconds, shown by svstat). NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID from supervise's own environment are never passed on.",
            "Watchdog. With dir/watchdog-timeout (milliseconds; needs notify-socket) ./run gets WATCHDOG_USEC and, once ready, must send WATCHDOG=1 at least that often; WATCHDOG=trigger counts as a miss. A miss gives supervise: warning: dir/run missed its watchdog (N ms); restarting it, then TERM and CONT, and KILL after dir/timeout-kill milliseconds (default 10000) if it is still there; its death restarts it like any other. The deadline pauses while the service is paused (p) or wanted down.",
            "supervise/readiness holds the readiness of the current run (pid, ready since, stopping, main pid, status text) for svstat -v and -j and svwait -U and -D; it is rewritten at every start, so a restart clears it.",
        ],
        files=["dir/run, dir/down, dir/policy, dir/restart-policy, dir/notification-fd, dir/notify-socket, dir/watchdog-timeout, dir/timeout-kill, dir/event", "dir/supervise/control, ok (FIFOs), lock, status, run.id, refused, deaths, exit, confinement, readiness"],
        exit=["0 after x, once the service is down", "100 usage", "111 the directory cannot be set up (for example another supervise holds the lock)"],
        differences=["No one-second pause after a start; fork failures are retried every 5 seconds; a control that is not a FIFO is refused; status is rewritten only when it changes; @EXTENSIONS@ are accepted.",
                     "restart-policy, exit code 100, and the handling of TERM, INT and HUP are additions; 0.76 died on those signals and left ./run running.",
                     "Readiness notification (notification-fd, notify-socket), the watchdog and supervise/readiness are additions; without those files ./run is started as by 0.76.",
                     "supervise runs as a locked-down monitor plus a small spawner process; a supervise that is restarted adopts a ./run left by its killed predecessor instead of starting a second copy."],
        commands=dict(heading="COMMANDS", prefix=""),
        see=["svc", "svstat", "svok", "svwait", "svscan", "applypolicy"]),
    "svscan": dict(
        summary="start a supervise for every service in a directory",
        synopsis="svscan [dir]",
        description=[
            "svscan starts supervise for every subdirectory (or symlink to one) of dir whose name does not start with a dot, and, when it has a log subdirectory, a supervise log joined to it by a pipe that svscan holds open. Dead supervise processes are restarted at once. New directories are noticed at once (inotify), a periodic rescan remains as a fallback, and SIGHUP or SIGALRM asks for a rescan.",
            "SIGTERM or SIGINT brings every service down (svc -dx, then k after the service's timeout-kill milliseconds, default 10000), each logger after its service, and svscan exits 0, or 111 if something had to be killed; each kill is named: svscan: warning: killed NAME after TIMEOUT ms. svscan reaps every orphan (it is a child subreaper), which makes it usable as PID 1 in a container.",
            "svscan applies a baseline to itself and so to everything below it: a seccomp deny-list and a smaller capability bounding set. Without dir/.baseline the default is seccomp deny @module @reboot @swap with seccomp_action errno EPERM, and CAP_SYS_MODULE and CAP_SYS_BOOT dropped from the bounding set. A dir/.baseline file replaces that default; it has the format of policy(5) but may hold only seccomp, seccomp_action and capabilities (the bounding set to keep), must be owned by root and writable by nobody else, and an invalid one stops svscan (111). svpolicy check dir judges it in advance.",
            "The baseline is a guard-rail, not a boundary: a service that runs as root without a policy of its own keeps every other capability and can leave it (for example through a cgroup-v1 release_agent). Confine services with their own policy(5).",
        ],
        files=["dir/NAME/log, dir/NAME/timeout-kill, dir/.baseline"],
        exit=["0 or 111 after a shutdown", "111 dir cannot be entered, or .baseline is invalid"],
        differences=["No 1000-service limit, instant detection, immediate reaping, shutdown on TERM/INT, a log/ added later is picked up, only a directory named log counts."],
        see=["supervise", "svscanboot", "readproctitle", "policy(5)", "svpolicy"]),
    "svscanboot": dict(
        summary="start svscan at boot",
        synopsis="svscanboot [dir]",
        description=["Stops any supervise left from an earlier run (svc -dx), then runs svscan on dir (default /etc/service) with its errors shown in ps through readproctitle."],
        files=["/etc/service"], exit=["as svscan"],
        differences=["The directory may be given as an argument."],
        see=["svscan", "readproctitle"]),
    "readproctitle": dict(
        summary="show a tail of its input in ps",
        synopsis="readproctitle arg ... last",
        description=["Overwrites its last argument (at least five bytes) with dots and scrolls its standard input through it, so ps shows the latest errors."],
        files=[], exit=["0 at end of input", "100 usage", "111 read error"],
        differences=["Runs without capabilities under a seccomp allow-list."],
        see=["svscanboot"]),
    "svc": dict(
        summary="control supervised services",
        synopsis="svc [-@LETTERS@] dir ...",
        description=["Writes the given commands, each once, in the order first given, into dir/supervise/control for each dir: each option is the control byte of the same letter (see supervise)."],
        files=["dir/supervise/control"],
        exit=["0 (warnings for directories that could not be controlled go to standard error)", "100 bad option", "111 the current directory cannot be saved or restored"],
        differences=["@EXTENSIONS@ are additions; the usage line lists them. Runs without capabilities under a seccomp allow-list."],
        commands=dict(heading="OPTIONS", prefix="-"),
        see=["supervise", "svstat", "svok"]),
    "svstat": dict(
        summary="print the status of supervised services",
        synopsis="svstat [-v | -j] dir ...",
        description=["Prints one line per dir: up (pid P) S seconds or down S seconds, then normally down/up, paused, want up/down as they apply.",
                     "-v adds indented lines after each status line: last exit (exit CODE, or signal NAME, with killed by its seccomp filter for SYS and core dumped when it did, and how long that run was up), restart-policy (recent deaths, given up), refused (why the policy refused the start) and policy (the confinement applied at the last start: user, group, groups, caps, nnp, seccomp mode with its number of calls and action, rlimits, umask, control_group). A line appears only when the fact is known.",
                     "With our supervise, -v also shows the readiness of the run that is up: ready N seconds or not ready, then stopping (it sent STOPPING=1), main pid P (its MAINPID=) and notify status: TEXT (its last STATUS=) when known. Nothing is shown while the service is down.",
                     "-j prints one JSON object per dir, one per line, ASCII only. Fields: dir; supervise (true running, false not running, null with error when the directory could not be read); when running: state (up or down), pid (0 when down), seconds, normally (up or down), paused, want (up, down or null), refused (text or null), recent_deaths (number or null), given_up, last_exit (null, or an object with code, or signal, signal_name, core, and always seccomp and ran_ms), policy (text or null), ready (true, false, or null when down or unknown), ready_seconds (number or null), stopping (true or false), main_pid (number or null), notify_status (text or null). New fields may be added; none will change meaning.",
                     "Text read from files another account may write is shown with every byte outside printable ASCII replaced (? in lines, \\u escapes in JSON) and cut to a bounded length."],
        files=["dir/down, dir/supervise/ok, dir/supervise/status, dir/supervise/refused, dir/supervise/deaths, dir/supervise/exit, dir/supervise/confinement, dir/supervise/readiness"],
        exit=["0", "111 the current directory cannot be saved or restored"],
        differences=["An unreadable status file gives an error line instead of garbage; a start refused by the service's policy adds ', refused: REASON'; a service with a restart-policy adds ', N recent deaths' or ', given up after N deaths'. Without those files the output is that of 0.76.",
                     "-v and -j are additions (0.76 would take them for directory names). Names in supervise/ are never followed through symbolic links and ok must be a FIFO."],
        see=["supervise", "svc", "svok", "svwait", "svpolicy"]),
    "svpolicy": dict(
        summary="check a service's policy and show what it protects",
        synopsis="svpolicy check dir ... | svpolicy show dir | svpolicy learn [-t seconds] dir",
        description=[
            "svpolicy check reads dir/policy, dir/restart-policy and, in a scan directory, dir/.baseline, with the same code supervise and svscan use: the file must be a regular file (not a link) owned by root and writable by nobody else, every setting must parse, and users, groups, capabilities and system calls must resolve. It prints dir: ok, or one line per problem such as dir/policy: line 3: unknown setting foo.",
            "svpolicy show prints the effective settings of dir/policy in one line, then one row per protection (identity, groups, capabilities, no_new_privs, seccomp, rlimits, umask, filesystem, service_dir, private_tmp, protect_home, landlock, network, ipc, uts, cgroup, limits, delegation), each on, partial or off with a short reason, and an overall exposure from 0.0 (everything on) to 10.0 (nothing on): OK below 3, MEDIUM below 6, EXPOSED below 9, else UNSAFE. Delegation is shown but not rated.",
            "svpolicy learn runs dir/run once in the foreground, outside supervise, under the identity, groups, capabilities, rlimits and umask of dir/policy but without its seccomp filter, traces every system call of the whole process tree with ptrace for at most seconds (default 10; the tree is killed then), and prints a seccomp allow line to review and paste into dir/policy: a whole @group where the service used more than half of a harmless group (basic-io, file-system, memory, process, signal, timer, identity, network-io, ipc), single names otherwise, leaving out what every allow-list gets anyway. Only the paths the service took during the run are seen: exercise it while it is traced. Capabilities are not learned. The traced service gets its own session (no terminal), /dev/null on descriptors 0-2 (its output is not shown), no other descriptor, and only PATH in its environment, as svscanboot gives services: nothing of the operator's shell reaches it. A service started with a richer environment (a locale, for example) may make calls the traced run did not (futex is typical).",
            "svpolicy drops every capability and runs under a seccomp allow-list before it reads anything; learn first starts the traced child, then keeps only CAP_KILL and may only trace, wait and signal.",
        ],
        files=["dir/policy, dir/restart-policy, dir/.baseline, /etc/passwd, /etc/group"],
        exit=["0 every file is usable (check), or the line was printed (learn)", "100 usage", "111 a file is refused, or dir cannot be entered"],
        differences=["Not part of 0.76."],
        see=["policy(5)", "restart-policy(5)", "supervise", "svscan"]),
    "svwait": dict(
        summary="wait until supervised services reach a state",
        synopsis="svwait [-t ms] [-o] -u | -U | -d | -D | -x dir ...",
        description=[
            "Waits until every dir (with -o: any dir) is in the state asked for, then exits 0: -u up (supervise runs and ./run is up); -U up and ready (see Readiness in supervise); -d down (supervise runs and ./run is down); -D down, with the end of that run recorded by supervise (supervise/exit and supervise/readiness written); -x supervise not running. The last of -u -U -d -D -x given counts. -t ms gives up after ms milliseconds (exit 1); without it svwait waits for ever.",
            "svwait does not poll. It watches each dir and its supervise/ with inotify (supervise replaces status and readiness by rename; a starting supervise opens ok) and, while a supervise runs, holds the write end of its ok FIFO, which tells it at once when supervise exits. It reacts within milliseconds of the change.",
            "-u, -d and -x work with daemontools 0.76's supervise too. -U and -D need supervise/readiness, which only ours writes: against a running supervise without it svwait says svwait: fatal: dir: -U and -D need hardened-daemontools' supervise (no supervise/readiness) and exits 100.",
            "svwait drops every capability but CAP_DAC_OVERRIDE (as svstat) and runs under a seccomp allow-list. Names in supervise/ are opened as svstat opens them.",
        ],
        files=["dir/supervise/ok, dir/supervise/status, dir/supervise/readiness"],
        exit=["0 the state was reached", "1 timeout", "100 usage, or -U/-D against a supervise without readiness", "111 a directory cannot be read or watched"],
        differences=["Not part of 0.76 (s6-svwait and runit's sv -w are the nearest). svc keeps 0.76's options; waiting lives here."],
        see=["supervise", "svstat", "svc", "svok"]),
    "svok": dict(
        summary="check whether supervise is running",
        synopsis="svok dir",
        description=["Exits 0 if a supervise is running in dir, 100 if not."],
        files=["dir/supervise/ok"], exit=["0 running", "100 not running or usage", "111 error"],
        differences=["Runs without capabilities under a seccomp allow-list."],
        see=["supervise", "svstat"]),
    "svgroup": dict(
        summary="let a Unix group control services",
        synopsis="svgroup group dir ...",
        description=["Gives dir/supervise to group (mode 2750), control and ok 0620, status group-owned, so members of group may use svc, svstat and svok. Files are opened relative to held directory descriptors and never through symbolic links. A policy setting control_group does the same from supervise itself at every start."],
        files=["dir/supervise"], exit=["0", "100 usage", "111 unknown group or a file could not be changed"],
        differences=["Not part of 0.76 (operators wrote an svgroup script by hand)."],
        see=["supervise", "svc"]),
    "applypolicy": dict(
        summary="run a program under a policy file",
        synopsis="applypolicy policyfile child ...",
        description=["Applies policyfile (the format of a service's ./policy: user, group, groups, capabilities, no_new_privs, seccomp, seccomp_action, rlimit, umask) to itself and runs child. The file must be owned by root and writable by nobody else."],
        files=[], exit=["111 the policy cannot be read or applied, or child cannot be run", "100 usage"],
        differences=["Not part of 0.76."],
        see=["supervise", "setuidgid", "softlimit"]),
    "setuidgid": dict(
        summary="run a program as another account",
        synopsis="setuidgid [-s] account child ...",
        description=["Sets the supplementary groups to the account's primary group (with -s: to the account's groups), then its gid and uid, and runs child."],
        files=[], exit=["100 usage", "111 unknown account or failure"],
        differences=["-s as in daemontools-encore."],
        see=["envuidgid", "applypolicy"]),
    "envuidgid": dict(
        summary="run a program with an account's ids in the environment",
        synopsis="envuidgid account child ...",
        description=["Sets $UID and $GID to account's uid and gid and runs child."],
        files=[], exit=["100 usage", "111 unknown account or failure"],
        differences=["None."], see=["setuidgid"]),
    "envdir": dict(
        summary="run a program with environment variables from files",
        synopsis="envdir dir child ...",
        description=["For every file in dir not starting with a dot: an empty file removes the variable; otherwise its first line, trailing blanks removed and NUL bytes turned into newlines, becomes the value."],
        files=[], exit=["111 usage or failure"],
        differences=["An entry that does not exist when opened (a dangling symlink) is an error; 0.76 gave it the previous entry's value."],
        see=["envuidgid"]),
    "softlimit": dict(
        summary="run a program with lower soft resource limits",
        synopsis="softlimit [-a n] [-c n] [-d n] [-f n] [-l n] [-m n] [-o n] [-p n] [-r n] [-s n] [-t n] child ...",
        description=["Sets soft limits (bytes, files, processes or CPU seconds; = means the hard limit) and runs child. -m sets data, stack, locked memory and address space together. A value above the hard limit is reduced to it."],
        files=[], exit=["100 usage", "111 failure"], differences=["None."],
        see=["applypolicy"]),
    "setlock": dict(
        summary="run a program holding a lock",
        synopsis="setlock [-nNxX] file program ...",
        description=["Opens file (never truncating it), takes an exclusive lock (waiting, or with -n failing at once) and runs program, which inherits the lock. With -x a file that cannot be opened or locked makes setlock exit 0 quietly."],
        files=[], exit=["0 with -x when the lock was not taken", "100 usage", "111 failure"],
        differences=["None."], see=["flock(1)"]),
    "fghack": dict(
        summary="keep a self-backgrounding daemon in the foreground",
        synopsis="fghack child ...",
        description=["Runs child with 30 extra copies of a pipe and waits until all are closed, then exits with child's exit code."],
        files=[], exit=["the child's exit code", "100 usage", "111 failure or child crashed"],
        differences=["None."], see=["pgrphack"]),
    "pgrphack": dict(
        summary="run a program in a new session",
        synopsis="pgrphack child ...",
        description=["Calls setsid and runs child."],
        files=[], exit=["100 usage", "111 failure"], differences=["None."],
        see=["fghack"]),
    "multilog": dict(
        summary="read a stream of log lines and keep them in rotated, size-bounded log directories",
        synopsis="multilog script ...",
        description=[
            "Reads lines on standard input and runs the script, one action per argument, left to right, over each line. Every line starts selected. Only the first 1000 bytes of a line are used for matching, e and =; the whole line is written to directories.",
            "t (first argument only): put @ and a TAI64N label, then a space, before each line. -PATTERN: deselect the line if PATTERN matches it. +PATTERN: select it if PATTERN matches. In a pattern, * matches everything up to the first occurrence of the next pattern character, or the rest of the line at the end. e: print the selected line on standard error (at most 200 bytes, then ...). =FILE: keep the selected line in FILE, padded with newlines to 1001 bytes. sSIZE: later directories rotate current below SIZE bytes (4096 to 16777215, default 99999). nNUM: later directories keep at most NUM-1 archives (at least 2, default 10). !PROCESSOR: later directories feed each full file through sh -c PROCESSOR. ./DIR or /DIR: append selected lines to log directory DIR.",
            "A log directory holds current, archives named @TAI64N.s (complete) and @TAI64N.u (salvaged after a crash), lock, state, and during rotation previous, processed and newstate. A processor reads previous on stdin, writes processed on stdout, and may read fd 4 (state) and write fd 5 (newstate).",
            "On SIGALRM every directory whose current is not empty is rotated. On SIGTERM multilog finishes the line it is reading, then exits. When writing fails (a full disk, a file-size limit) multilog warns, pauses 5 seconds and tries again, without losing the line.",
        ],
        files=["DIR/current", "DIR/@*.s, DIR/@*.u", "DIR/lock", "DIR/state", "DIR/previous, DIR/processed, DIR/newstate"],
        exit=["0 at end of input or after SIGTERM", "111 a log directory or status file could not be opened or locked"],
        differences=[
            "Partial lines are written to current as they arrive when the script has no pattern, so they survive a crash.",
            "SIGXFSZ and SIGPIPE are ignored: a file-size limit makes multilog pause instead of dying.",
            "The process runs under a seccomp allow-list and, where the kernel has Landlock, may touch files only beneath its log directories; processors are started by a helper forked before that lockdown, so they are not bound by it.",
            "No name in a log directory is followed if it is a symbolic link, and a status file (=FILE) must be a regular file with one link that is not a symbolic link; 0.76 followed links. A link where lock, current or FILE should be is fatal (111, for example multilog: fatal: unable to lock directory ./main: symbolic link).",
            "A processor runs to completion before logging resumes.",
        ],
        security=[
            "A log directory may belong to another account (a log account); that account can put links, FIFOs and renames in it at any moment. When multilog is started as root and every log directory belongs to the same account other than root, multilog opens the status files and the directories, then becomes that account (its uid, the directory's group or, when that is root's group, the account's primary group; no supplementary groups), keeps no capability and is not dumpable, all before it reads any input. Files a root multilog left there earlier (lock, current, state, ...) are given to the account first. Processors for such a directory run as its owner too.",
            "With log directories of root, or of different owners, multilog stays root with only CAP_DAC_OVERRIDE and CAP_FOWNER, as before; then it is the refusal to follow links, the type and link-count checks, state written under a fresh name and renamed, and modes set only through descriptors that keep the directory's owner from reaching other files. See docs/SECURITY.md.",
        ],
        see=["tai64n", "tai64nlocal", "supervise"]),
    "tai64n": dict(
        summary="put a precise timestamp on each line",
        synopsis="tai64n",
        description=["Copies its input to its output, putting @ and 24 hex digits of TAI64N time, then a space, before each line."],
        files=[], exit=["0 at end of input", "111 I/O error"],
        differences=["Runs without capabilities under a seccomp allow-list."],
        see=["tai64nlocal"]),
    "tai64nlocal": dict(
        summary="convert TAI64N timestamps to local time",
        synopsis="tai64nlocal",
        description=["Replaces a TAI64N label at the start of a line with local time, YYYY-MM-DD HH:MM:SS.nnnnnnnnn."],
        files=[], exit=["0 at end of input", "111 I/O error"],
        differences=["A malformed label is passed through unchanged; 0.76 crashed."],
        see=["tai64n"]),
}


# File formats (section 5): settings as (key and arguments, meaning), or
# with keys=True as (key, meaning), the arguments from the parser's table.
FILE_PAGES = {
    "policy": dict(
        summary="how supervise confines a service",
        synopsis="dir/policy",
        description=[
            "When a service directory holds a file named policy, supervise starts ./run under it: the spawner reads and checks the file before every start and applies it in the child just before exec, in this order: the service's cgroup, the network, IPC and UTS namespaces, the filesystem view (a mount namespace), rlimits, umask, supplementary groups, the capability bounding set, gid and uid keeping only the listed capabilities, no_new_privs, Landlock, and last the seccomp filter. The first step that fails stops the start (the child exits 111); a service never runs half-confined.",
            "A key the kernel cannot honour (no cgroup v2 controller for a limit, no Landlock ABI 3 without best_effort, no namespaces, supervise not root) refuses the start with the reason, and svpolicy check reports it in advance; nothing is silently ignored. PATH arguments are absolute and plain (no . or .. components); symbolic links are followed when the view is built. Namespace, mount and Landlock keys confine uid 0 only without CAP_SYS_ADMIN, so without user they need user root, as the other confining keys do. docs/SECURITY.md maps every key to systemd, nsjail and minijail.",
            "The file must be a regular file, not a symbolic link, owned by root (or by the user supervise runs as) and writable by nobody else, at most 64 KiB. Anything else, a line that does not parse, or a name that does not resolve refuses the start: supervise warns, retries every 5 seconds, and svstat shows refused: REASON. svpolicy check finds the same problems in advance.",
            "One setting per line; blank lines and lines starting with # are ignored; each setting may appear once, rlimit once per resource, and the path lists (read_only, writable, inaccessible, landlock_*) on as many lines as needed. Users and groups are looked up in /etc/passwd and /etc/group only (never through NSS), or given as numbers.",
        ],
        # The keys in the order and with the values of the parser's table
        # (print_policy_keys); here only what each means.
        settings=[
            ("user", "Run ./run as this user, with its primary group unless group says otherwise."),
            ("group", "The primary group."),
            ("groups", "Exactly these supplementary groups. Default: none when user or group is set, otherwise the groups supervise has."),
            ("capabilities", "Keep only these capabilities (bounding, permitted, effective, inheritable and ambient sets), for example net_bind_service. Default: none when the user changes to one other than root, otherwise all of supervise's."),
            ("no_new_privs", "Default: yes when the policy changes identity, capabilities or installs a filter. A seccomp filter needs yes."),
            ("seccomp", "A seccomp filter of system call names and @groups (below): allow lists the only calls permitted, deny the calls refused. The filter also refuses foreign system call ABIs (i386, x32)."),
            ("seccomp_action", "What a refused call does: kill the process (default) or fail with that errno, for example errno EPERM."),
            ("rlimit", "A resource limit, named as in setrlimit without RLIMIT_ (nofile, nproc, as, core, cpu, data, fsize, memlock, stack, ...); unlimited for no limit."),
            ("umask", "The file mode creation mask."),
            ("control_group", "Members of this group may use svc, svstat and svok on the service: supervise/ becomes mode 2750 with that group, control and ok 0620."),
            ("cgroup", "Run the service in a cgroup v2 group of its own, OWN/daemontools/svc-DEV-INO below the group supervise (or svscan) runs in. Default: yes where supervise can make one (cgroup v2 mounted, found in /proc/self/mountinfo, and writable), otherwise none; yes makes a missing cgroup v2 a refused start; no keeps daemontools 0.76's behaviour. Services without a policy never get a group."),
            ("kill_mode", "control-group (the default with a group): once ./run has exited (svc -d, svc -k, svscan's shutdown, or by itself) and before it is started again, every process left in its group is killed (cgroup.kill), so a daemon that double-forked cannot outlive its service. process: only ./run is signalled, as in 0.76."),
            ("memory_max", "The group's memory.max. Needs the cgroup v2 memory controller below supervise's group; without it the start is refused."),
            ("pids_max", "The group's pids.max: the most processes and threads the service may have at once. Needs the pids controller."),
            ("cpu_weight", "The group's cpu.weight (default 100). Needs the cpu controller."),
            ("protect_system", "In a mount namespace of the service's own: yes makes /usr, /boot and /efi read-only, full also /etc, strict the whole tree except /dev, /proc, /sys and the writable paths."),
            ("protect_home", "yes makes /home, /root and /run/user inaccessible, read-only read-only."),
            ("read_only", "Read-only for the service, with every mount beneath."),
            ("writable", "Exceptions: stay writable inside a read-only tree (the deepest listed path wins). Nothing read-only on the host becomes writable."),
            ("inaccessible", "Covered by an empty mode-000 directory or file on a read-only tmpfs."),
            ("private_tmp", "A fresh tmpfs on /tmp and /var/tmp for each start."),
            ("service_dir", "The service directory, ./run, ./policy and supervise/ included. Default: read-only whenever the policy has a filesystem key; service_dir read-only alone asks for it. This also stops a service that keeps uid 0 (user root) from rewriting its ./run or policy."),
            ("landlock_read", "Landlock: read files and list directories beneath PATH. With any landlock_* rule, the service reaches no file outside its rules; the service directory is always readable and executable, so ./run can start."),
            ("landlock_write", "Landlock: also create, write, truncate, rename and remove beneath PATH."),
            ("landlock_execute", "Landlock: read and execute beneath PATH (programs, the dynamic loader's libraries need read only)."),
            ("landlock", "enforce (default): the newest ABI the kernel has, at least 3 (truncation is handled), or the start is refused. best_effort: run with what the kernel has, unconfined by Landlock if it has none."),
            ("private_network", "A network namespace with only the loopback device, brought up: the service can talk to itself over 127.0.0.1 and nothing else."),
            ("private_ipc", "An IPC namespace: System V IPC and POSIX message queues of its own."),
            ("private_uts", "A UTS namespace with this host name."),
        ],
        examples=[
            "user www-data\nseccomp allow @system-service\nseccomp_action errno EPERM\nrlimit nofile 1024\numask 027",
            "user nobody\ncapabilities net_bind_service\nseccomp deny @mount @debug @privileged",
            "user www-data\nprotect_system strict\nprotect_home yes\nprivate_tmp yes\nwritable /var/lib/web\nlandlock_execute /usr /bin /lib /lib64\nlandlock_read /etc /srv/www\nlandlock_write /var/lib/web\nprivate_ipc yes\npids_max 64",
        ],
        groups=True,
        keys=True,
        see=["supervise(8)", "svpolicy(8)", "applypolicy(8)", "restart-policy(5)", "svscan(8)"]),
    "restart-policy": dict(
        summary="how supervise restarts a service that keeps dying",
        synopsis="dir/restart-policy",
        description=[
            "Without this file supervise restarts ./run at most once a second, for ever, as daemontools 0.76 does. With it, the settings below apply. It is read when supervise starts and again on SIGHUP; a file that does not parse keeps the policy in force and says why on standard error. While a restart-policy is in force, supervise/deaths tells svstat the recent deaths.",
            "Independently of the file, a ./run that exits with code 100 is not restarted: the service is marked down.",
            "One setting per line; # starts a comment.",
        ],
        settings=[
            ("backoff INITIAL_MS MAX_MS", "After the first quick death wait INITIAL_MS before the next start, doubling after each further one, at most MAX_MS; never less than the usual second."),
            ("reset_after SECONDS", "A run that stays up this long has recovered: the backoff starts again from INITIAL_MS. Default 10."),
            ("give_up DEATHS SECONDS", "After DEATHS deaths within SECONDS, stop restarting until an operator sends u (svc -u); svstat then shows given up after N deaths."),
        ],
        examples=["backoff 500 60000\nreset_after 30\ngive_up 10 300"],
        groups=False,
        keys=False,
        see=["supervise(8)", "svstat(8)", "svpolicy(8)", "policy(5)"]),
}


def syscall_groups():
    """The @groups as the programs know them: [(name, [member, ...])],
    from the output of sandbox/print_syscall_groups (GROUPS_FROM)."""
    output = subprocess.run([GROUPS_FROM], check=True, capture_output=True,
                            text=True).stdout
    return [(line.split()[0], line.split()[1:]) for line in output.splitlines()]


def control_commands():
    """The commands as the programs know them: [(letter, usage word,
    is_extension, meaning)], from man/print_control_commands
    (COMMANDS_FROM)."""
    output = subprocess.run([COMMANDS_FROM], check=True, capture_output=True,
                            text=True).stdout
    rows = [line.split("\t") for line in output.splitlines()]
    return [(letter, usage, kind == "extension", meaning)
            for letter, usage, kind, meaning in rows]


def fill_in_commands(text, prefix):
    """TEXT with @LETTERS@ (every letter) and @EXTENSIONS@ (the letters 0.76
    lacks, each with PREFIX) replaced."""
    commands = control_commands()
    letters = "".join(letter for letter, _, _, _ in commands)
    extensions = " ".join(prefix + letter
                          for letter, _, extension, _ in commands if extension)
    return text.replace("@LETTERS@", letters).replace("@EXTENSIONS@",
                                                      extensions)


def policy_keys():
    """The keys of the policy format as the parser's table has them:
    [(name, usage)], from sandbox/print_policy_keys (KEYS_FROM)."""
    output = subprocess.run([KEYS_FROM], check=True, capture_output=True,
                            text=True).stdout
    return [tuple(line.split("\t")[:2]) for line in output.splitlines()]


def keyed_settings(name, meanings):
    """[("key USAGE", meaning)] in the table's order; a key of the table
    without a meaning here, or a meaning for a key the table lacks, stops
    the build of the manual."""
    keys = policy_keys()
    missing = [key for key, _ in keys if key not in meanings]
    unknown = sorted(set(meanings) - {key for key, _ in keys})
    if missing or unknown:
        sys.exit(f"pages.py: {name}(5): no meaning for {missing}, "
                 f"not in the parser's table: {unknown}")
    return [(f"{key} {usage}", meanings[key]) for key, usage in keys]


def escape(text):
    return text.replace("\\", "\\\\").replace("-", "\\-")


def render(name, page):
    commands = page.get("commands")
    if commands:
        fill = lambda text: fill_in_commands(text, commands["prefix"])
        page = dict(page, synopsis=fill(page["synopsis"]),
                    differences=[fill(item) for item in page["differences"]])
    lines = [f'.TH {name.upper()} 8 "2026" "{SUITE}" "System Manager\'s Manual"',
             ".SH NAME", f"{name} \\- {escape(page['summary'])}",
             ".SH SYNOPSIS", ".B " + escape(page["synopsis"]),
             ".SH DESCRIPTION"]
    for paragraph in page["description"]:
        lines += [".PP", escape(paragraph)]
    if commands:
        lines.append(".SH " + commands["heading"])
        for letter, _, _, meaning in control_commands():
            lines += [".TP", ".B " + escape(commands["prefix"] + letter),
                      escape(meaning)]
    if page["files"]:
        lines.append(".SH FILES")
        for item in page["files"]:
            lines += [".TP", escape(item)]
    lines.append(".SH EXIT STATUS")
    for item in page["exit"]:
        lines += [".TP", escape(item)]
    lines += [".SH DIFFERENCES FROM DAEMONTOOLS 0.76"]
    for item in page["differences"]:
        lines += [".PP", escape(item)]
    if page.get("security"):
        lines.append(".SH SECURITY")
        for paragraph in page["security"]:
            lines += [".PP", escape(paragraph)]
    see = ", ".join(f"\\fB{s}\\fR" + ("" if "(" in s else "(8)")
                    for s in page["see"])
    lines += [".SH SEE ALSO", see]
    return "\n".join(lines) + "\n"


def render_file(name, page):
    lines = [f'.TH {name.upper()} 5 "2026" "{SUITE}" "File Formats Manual"',
             ".SH NAME", f"{escape(name)} \\- {escape(page['summary'])}",
             ".SH SYNOPSIS", ".B " + escape(page["synopsis"]),
             ".SH DESCRIPTION"]
    for paragraph in page["description"]:
        lines += [".PP", escape(paragraph)]
    lines.append(".SH SETTINGS")
    settings = page["settings"]
    if page["keys"]:
        settings = keyed_settings(name, dict(settings))
    for key, meaning in settings:
        lines += [".TP", ".B " + escape(key), escape(meaning)]
    if page["groups"]:
        lines += [".SH SYSTEM CALL GROUPS",
                  ".PP", "A name starting with @ in a seccomp line stands for "
                  "these system calls (a group may name other groups):"]
        for group, members in syscall_groups():
            lines += [".TP", ".B " + escape(group),
                      escape(" ".join(members))]
    lines.append(".SH EXAMPLES")
    for example in page["examples"]:
        lines += [".PP", ".nf"] + [escape(l) for l in example.split("\n")] + [".fi"]
    see = ", ".join(f"\\fB{s.split('(')[0]}\\fR({s.split('(')[1]}" for s in page["see"])
    lines += [".SH SEE ALSO", see]
    return "\n".join(lines) + "\n"


GROUPS_FROM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                           "bazel-bin", "sandbox", "print_syscall_groups")
COMMANDS_FROM = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "..", "bazel-bin", "man",
                             "print_control_commands")
KEYS_FROM = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                         "bazel-bin", "sandbox", "print_policy_keys")


def main():
    global GROUPS_FROM, COMMANDS_FROM, KEYS_FROM
    arguments = sys.argv[1:]
    while arguments[:1] in (["--groups-from"], ["--commands-from"],
                            ["--keys-from"]):
        if arguments[0] == "--groups-from":
            GROUPS_FROM = os.path.abspath(arguments[1])
        elif arguments[0] == "--commands-from":
            COMMANDS_FROM = os.path.abspath(arguments[1])
        else:
            KEYS_FROM = os.path.abspath(arguments[1])
        arguments = arguments[2:]
    out = arguments[0]
    os.makedirs(out, exist_ok=True)
    for name, page in PAGES.items():
        with open(os.path.join(out, name + ".8"), "w") as f:
            f.write(render(name, page))
    if os.path.basename(os.path.normpath(out)) == "man8":
        formats = os.path.join(os.path.dirname(os.path.normpath(out)), "man5")
        os.makedirs(formats, exist_ok=True)
        for name, page in FILE_PAGES.items():
            with open(os.path.join(formats, name + ".5"), "w") as f:
                f.write(render_file(name, page))
    return 0


if __name__ == "__main__":
    sys.exit(main())
