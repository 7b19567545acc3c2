#include "svscan/scanner.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "common/unique_fd.h"
#include "svscan/launcher.h"
#include "svscan/output_relay.h"
#include "svscan/service_table.h"
#include "svscan/shutdown.h"

namespace svscan {

namespace {

// With inotify the rescan is only a safety net; without it, 0.76's pace.
constexpr int64_t kFallbackScanMs = 60000;
constexpr int64_t kPollingScanMs = 5000;
// A supervise that dies is restarted at once, but not more than once a
// second per slot, so one that cannot start does not spin.
constexpr int64_t kRestartIntervalMs = 1000;
// How often a shutdown in progress is re-examined.
constexpr int64_t kShutdownTickMs = 50;
// How long svscan's output may take to accept the last lines at exit.
constexpr int kFinalFlushMs = 2000;
// epoll tags; the output relay's pipes use OutputRelay::kFirstTag and up.
constexpr uint64_t kSignalTag = 0;
constexpr uint64_t kInotifyTag = 1;

int64_t MonotonicMs() {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1000000;
}

// Each service costs descriptors: one per output pipe svscan reads (one
// or two for each supervise) and two for a log pipe. Allow as many as the hard
// limit permits.
void RaiseDescriptorLimit() {
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur == limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

class Scanner {
 public:
  Scanner() : epoll_fd_(epoll_create1(EPOLL_CLOEXEC)) {
    if (!epoll_fd_.valid()) {
      common::DieSys(111, "unable to create epoll descriptor");
    }
    // Every supervise reads /dev/null, not our stdin: that may be a
    // terminal (see F5 in docs/SECURITY.md) or anything else of ours.
    null_fd_.Reset(open("/dev/null", O_RDONLY | O_CLOEXEC));
    if (!null_fd_.valid()) {
      common::DieSys(111, "unable to open /dev/null");
    }
    sigset_t handled;
    sigemptyset(&handled);
    for (int sig : {SIGCHLD, SIGHUP, SIGALRM, SIGTERM, SIGINT}) {
      sigaddset(&handled, sig);
    }
    sigprocmask(SIG_BLOCK, &handled, &child_mask_);
    signal_fd_.Reset(signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC));
    if (!signal_fd_.valid()) {
      common::DieSys(111, "unable to create signal descriptor");
    }
    inotify_fd_.Reset(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (inotify_fd_.valid()) {
      root_watch_ = inotify_add_watch(inotify_fd_.get(), ".",
                                      IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM |
                                          IN_DELETE | IN_ATTRIB | IN_ONLYDIR);
      if (root_watch_ < 0) inotify_fd_.Reset();
    }
    int inotify_error = errno;
    relay_ = std::make_unique<OutputRelay>(epoll_fd_.get());
    Watch(signal_fd_.get(), kSignalTag);
    if (inotify_fd_.valid()) Watch(inotify_fd_.get(), kInotifyTag);
    if (!inotify_fd_.valid()) {
      Warn({"unable to watch directory, scanning every 5 seconds: ",
            common::ErrorText(inotify_error)});
    }
  }

  [[noreturn]] void Run() {
    for (;;) {
      if (shutting_down_) {
        ShutdownStep();
      } else {
        Scan();
      }
      WaitForWork();
    }
  }

 private:
  void Watch(int fd, uint64_t tag) {
    struct epoll_event event = {};
    event.events = EPOLLIN;
    event.data.u64 = tag;
    if (epoll_ctl(epoll_fd_.get(), EPOLL_CTL_ADD, fd, &event) != 0) {
      common::DieSys(111, "unable to watch descriptor");
    }
  }

  void Warn(std::initializer_list<std::string_view> parts) {
    std::string line(common::ProgramName());
    line += ": warning: ";
    for (std::string_view part : parts) line += part;
    relay_->Say(2, line);
  }

  void WaitForWork() {
    int64_t scan_interval =
        inotify_fd_.valid() ? kFallbackScanMs : kPollingScanMs;
    int64_t scan_at = last_scan_ms_ + scan_interval;
    // A scan cut short by a lack of resources (descriptors, memory) is
    // tried again soon rather than at the next periodic scan.
    if (scan_incomplete_) {
      scan_at = std::min(scan_at, last_scan_ms_ + kRestartIntervalMs);
    }
    if (shutting_down_) scan_at = MonotonicMs() + kShutdownTickMs;
    for (;;) {
      int64_t now = MonotonicMs();
      if (now >= scan_at) return;
      int64_t wake = scan_at;
      if (restart_at_ && *restart_at_ < wake) wake = *restart_at_;
      int timeout = static_cast<int>(std::max<int64_t>(0, wake - now));
      struct epoll_event events[64];
      int ready = epoll_wait(epoll_fd_.get(), events, 64, timeout);
      bool rescan = false;
      for (int i = 0; i < ready; ++i) {
        uint64_t tag = events[i].data.u64;
        if (tag == kSignalTag) {
          rescan |= HandleSignals();
        } else if (tag == kInotifyTag) {
          rescan |= DrainInotify();
        } else {
          relay_->Readable(tag);
        }
      }
      if (rescan) return;
      if (restart_at_ && MonotonicMs() >= *restart_at_) RestartDue();
    }
  }

  // Returns true when a rescan was asked for.
  bool HandleSignals() {
    bool rescan = false;
    struct signalfd_siginfo info;
    while (read(signal_fd_.get(), &info, sizeof(info)) ==
           static_cast<ssize_t>(sizeof(info))) {
      if (info.ssi_signo == SIGHUP || info.ssi_signo == SIGALRM) rescan = true;
      if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGINT) {
        if (!shutting_down_) rescan = true;
        shutting_down_ = true;
      }
    }
    Reap();
    return rescan;
  }

  // Returns true when an event calls for a rescan: anything in the scan
  // directory, or a "log" appearing inside a service directory (the
  // supervise/ directories created there are not interesting).
  bool DrainInotify() {
    alignas(struct inotify_event) char buffer[8192];
    bool rescan = false;
    for (;;) {
      ssize_t got = read(inotify_fd_.get(), buffer, sizeof(buffer));
      if (got <= 0) break;
      for (ssize_t offset = 0; offset < got;) {
        auto* event = reinterpret_cast<struct inotify_event*>(buffer + offset);
        if (event->wd == root_watch_ || (event->mask & IN_Q_OVERFLOW) ||
            (event->len > 0 && std::strcmp(event->name, "log") == 0)) {
          rescan = true;
        }
        offset +=
            static_cast<ssize_t>(sizeof(struct inotify_event) + event->len);
      }
    }
    return rescan;
  }

  // Watches a service directory for a log/ created later. Best effort: if
  // the watch limit is reached, the periodic rescan still finds it.
  void WatchForLog(const std::string& name) {
    if (inotify_fd_.valid()) {
      inotify_add_watch(inotify_fd_.get(), name.c_str(),
                        IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
    }
  }

  void Reap() {
    bool any = false;
    for (;;) {
      int status;
      pid_t pid = waitpid(-1, &status, WNOHANG);
      if (pid <= 0) break;
      if (table_.ChildExited(pid) != nullptr) any = true;
    }
    if (any) RestartDue();
  }

  // Restarts every dead supervise of a known service whose restart
  // interval has passed, and schedules the rest.
  void RestartDue() {
    restart_at_.reset();
    if (shutting_down_) return;
    int64_t now = MonotonicMs();
    table_.ForEach([&](const ServiceKey& key, Service& service) {
      if (service.active) StartMissing(key, service, now);
    });
  }

  void Scan() {
    last_scan_ms_ = MonotonicMs();
    scan_incomplete_ = false;
    Reap();
    table_.MarkAllInactive();
    DIR* directory = opendir(".");
    if (directory == nullptr) {
      Warn({"unable to read directory: ", common::ErrorText(errno)});
      scan_incomplete_ = true;
      return;
    }
    int64_t now = MonotonicMs();
    for (;;) {
      errno = 0;
      struct dirent* entry = readdir(directory);
      if (entry == nullptr) {
        if (errno != 0) {
          Warn({"unable to read directory: ", common::ErrorText(errno)});
          closedir(directory);
          scan_incomplete_ = true;
          return;
        }
        break;
      }
      if (entry->d_name[0] == '.') continue;
      ScanEntry(entry->d_name, now);
    }
    closedir(directory);
    table_.ForgetGone();
  }

  void ScanEntry(const std::string& name, int64_t now) {
    struct stat info;
    if (stat(name.c_str(), &info) != 0) {
      // Gone since readdir: nothing to retry. Anything else may pass.
      if (errno != ENOENT) scan_incomplete_ = true;
      Warn({"unable to stat ", name, ": ", common::ErrorText(errno)});
      return;
    }
    if (!S_ISDIR(info.st_mode)) return;
    ServiceKey key{info.st_dev, info.st_ino};
    Service* service = table_.Find(key);
    if (service == nullptr) {
      std::optional<bool> has_log = HasLog(name);
      if (!has_log) {
        scan_incomplete_ = true;
        return;
      }
      service = &table_.Add(key, name);
      if (*has_log && !AttachLog(name, *service)) return;
      if (!*has_log) WatchForLog(name);
    } else if (!service->has_log && HasLog(name).value_or(false)) {
      AddLogLater(name, *service);
    }
    service->active = true;
    // A renamed directory keeps its supervise but is started by its new
    // name from now on.
    service->name = name;
    StartMissing(key, *service, now);
  }

  // Creates the log pipe. False (with a warning) if that fails.
  bool AttachLog(const std::string& name, Service& service) {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) {
      Warn(
          {"unable to create pipe for ", name, ": ", common::ErrorText(errno)});
      scan_incomplete_ = true;
      return false;
    }
    service.pipe_read.Reset(ends[0]);
    service.pipe_write.Reset(ends[1]);
    service.has_log = true;
    return true;
  }

  // A log/ created after the service was first seen (0.76 never notices
  // one). The logger starts now; the running supervise still writes to
  // our stdout, so it is replaced: killed and started again with the pipe
  // as its stdout. The new supervise adopts the running ./run (see
  // supervise/adoption.h), and ./run's next start writes into the pipe.
  void AddLogLater(const std::string& name, Service& service) {
    if (!AttachLog(name, service)) return;
    if (service.main.pid != 0) {
      kill(service.main.pid, SIGKILL);
      // Restart it at once when it is reaped.
      service.main.last_start_ms = INT64_MIN / 2;
    }
  }

  // Whether NAME has a log service: nullopt when that cannot be told.
  // Unlike 0.76, only a directory named log counts.
  std::optional<bool> HasLog(const std::string& name) {
    struct stat info;
    std::string log = name + "/log";
    if (stat(log.c_str(), &info) == 0) return S_ISDIR(info.st_mode);
    if (errno == ENOENT || errno == ENOTDIR) return false;
    Warn({"unable to stat ", log, ": ", common::ErrorText(errno)});
    return std::nullopt;
  }

  void StartMissing(const ServiceKey& key, Service& service, int64_t now) {
    if (service.main.pid == 0) {
      StartSlot(key, service, /*log=*/false, now);
    }
    if (service.has_log && service.log.pid == 0) {
      StartSlot(key, service, /*log=*/true, now);
    }
  }

  void StartSlot(const ServiceKey& key, Service& service, bool log,
                 int64_t now) {
    Slot& slot = log ? service.log : service.main;
    int64_t due = slot.last_start_ms + kRestartIntervalMs;
    if (now < due) {
      if (!restart_at_ || due < *restart_at_) restart_at_ = due;
      return;
    }
    LaunchRequest request;
    request.name = service.name;
    request.log = log;
    request.stdin_fd = null_fd_.get();
    if (service.has_log) {
      if (log) {
        request.stdin_fd = service.pipe_read.get();
      } else {
        request.stdout_fd = service.pipe_write.get();
      }
    }
    // Pipes of its own, so that no supervise or service shares an open
    // file description with us or with another (G1 in docs/SECURITY.md).
    // Our copies of the write ends close when this returns.
    common::UniqueFd out;
    common::UniqueFd err = relay_->NewPipe(2);
    request.stderr_fd = err.get();
    if (request.stdout_fd < 0) {
      if (relay_->OutputsShared()) {
        request.stdout_fd = err.get();
      } else {
        out = relay_->NewPipe(1);
        request.stdout_fd = out.get();
      }
    }
    if (request.stdout_fd < 0 || !err.valid()) {
      Warn({"unable to create pipe for ", service.name, log ? "/log" : "", ": ",
            common::ErrorText(errno)});
      RetryLater(slot, now);
      return;
    }
    pid_t pid = LaunchSupervise(request, child_mask_);
    if (pid < 0) {
      Warn({"unable to start supervise ", service.name, log ? "/log" : "", ": ",
            common::ErrorText(errno)});
      RetryLater(slot, now);
      return;
    }
    table_.Started(key, log, pid, now);
  }

  void RetryLater(Slot& slot, int64_t now) {
    slot.last_start_ms = now;
    if (!restart_at_ || now + kRestartIntervalMs < *restart_at_) {
      restart_at_ = now + kRestartIntervalMs;
    }
  }

  // Brings every service down, loggers after their producers, and exits
  // once nothing is left: 0 if all stopped in time, 111 if any needed KILL.
  void ShutdownStep() {
    Reap();
    int64_t now = MonotonicMs();
    bool all_stopped = true;
    table_.ForEach([&](const ServiceKey&, Service& service) {
      if (service.stop_timeout_ms == 0) {
        service.stop_timeout_ms = ReadStopTimeout(service.name);
      }
      StopStep step = NextStopStep(service, now);
      std::string timeout =
          std::to_string(service.stop_timeout_ms > 0 ? service.stop_timeout_ms
                                                     : kDefaultStopTimeoutMs);
      if (!step.main_bytes.empty()) {
        if (!SendControl(service.name, step.main_bytes)) {
          StopNotDelivered(service.main);
        } else if (step.main_bytes == "k") {
          Warn({"killed ", service.name, " after ", timeout, " ms"});
        }
      }
      if (step.close_pipe) service.pipe_write.Reset();
      if (!step.log_bytes.empty()) {
        if (!SendControl(service.name + "/log", step.log_bytes)) {
          StopNotDelivered(service.log);
        } else if (step.log_bytes == "k") {
          Warn({"killed ", service.name, "/log after ", timeout, " ms"});
        }
      }
      if (step.killed) forced_ = true;
      if (!Stopped(service)) all_stopped = false;
    });
    if (all_stopped) {
      relay_->Flush(kFinalFlushMs);
      _exit(forced_ ? 111 : 0);
    }
  }

  // NAME/timeout-kill: milliseconds to wait at each step of a shutdown.
  // Anyone who may write the service directory may plant something there:
  // no FIFO may block the shutdown, no link may point elsewhere (G5).
  int64_t ReadStopTimeout(const std::string& name) {
    std::string path = name + "/timeout-kill";
    common::CheckedFile file = common::OpenChecked(
        AT_FDCWD, path.c_str(), O_RDONLY, common::FileType::kRegular);
    if (!file.ok()) {
      if (!file.missing()) Warn({"ignoring ", path, ": ", file.Reason()});
      return kDefaultStopTimeoutMs;
    }
    char text[32] = {};
    ssize_t got = read(file.fd.get(), text, sizeof(text) - 1);
    if (got <= 0) return kDefaultStopTimeoutMs;
    char* end = nullptr;
    long long value = strtoll(text, &end, 10);
    if (value <= 0 || (*end != '\0' && *end != '\n')) {
      Warn({"ignoring ", name, "/timeout-kill: not a positive number"});
      return kDefaultStopTimeoutMs;
    }
    return value;
  }

  // Writes control bytes the way svc does; false if supervise is not
  // listening (yet). Only into a FIFO, never through a link.
  static bool SendControl(const std::string& dir, const std::string& bytes) {
    common::CheckedFile control =
        common::OpenChecked(AT_FDCWD, (dir + "/supervise/control").c_str(),
                            O_WRONLY, common::FileType::kFifo);
    if (!control.ok()) return false;
    return write(control.fd.get(), bytes.data(), bytes.size()) ==
           static_cast<ssize_t>(bytes.size());
  }

  common::UniqueFd epoll_fd_;
  common::UniqueFd null_fd_;
  std::unique_ptr<OutputRelay> relay_;
  ServiceTable table_;
  bool shutting_down_ = false;
  bool forced_ = false;
  sigset_t child_mask_;
  common::UniqueFd signal_fd_;
  common::UniqueFd inotify_fd_;
  int root_watch_ = -1;
  int64_t last_scan_ms_ = 0;
  std::optional<int64_t> restart_at_;
  bool scan_incomplete_ = false;
};

}  // namespace

void RunScanner() {
  RaiseDescriptorLimit();
  // Services whose supervise dies are reparented to us rather than to
  // init, so they are reaped here and a new supervise can adopt them.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  signal(SIGPIPE, SIG_IGN);
  Scanner scanner;
  scanner.Run();
}

}  // namespace svscan
