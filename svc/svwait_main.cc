// svwait [-t MS] [-o] -u|-U|-d|-D|-x DIR...: waits until every DIR (with
// -o any DIR) is up / up and ready / down / down with its run's end
// recorded / without supervise. Exit 0 when met, 1 on timeout, 100 on
// usage (or -U/-D against a supervise that keeps no readiness), 111 on
// error.
//
// Event-driven, no polling: inotify on each service directory (supervise/
// appearing) and on its supervise/ (status and readiness are replaced by
// rename: IN_MOVED_TO; ok opened by a starting supervise: IN_OPEN on ok),
// and, while supervise runs, the write end of its ok FIFO held open, which
// poll reports as POLLERR the moment supervise (the only reader) is gone.
#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "common/decimal.h"
#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/option_parser.h"
#include "common/readiness_record.h"
#include "common/safe_file.h"
#include "common/status_record.h"
#include "common/unique_fd.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"
#include "svc/service_access.h"
#include "svc/svwait_condition.h"

namespace {

constexpr char kUsage[] =
    "svwait: usage: svwait [ -t ms ] [ -o ] -u | -U | -d | -D | -x dir ...";
constexpr uint32_t kServiceDirEvents =
    IN_CREATE | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;
constexpr uint32_t kSuperviseEvents = IN_CREATE | IN_MOVED_TO | IN_OPEN |
                                      IN_DELETE | IN_DELETE_SELF |
                                      IN_MOVE_SELF | IN_ONLYDIR;

struct Service {
  const char* name;
  common::UniqueFd dir;
  // The ok FIFO's write end while supervise is known to run.
  common::UniqueFd ok;
};

int64_t MonotonicMs() {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1000000;
}

[[noreturn]] void DieUnreadable(const Service& service, std::string_view what) {
  common::DieFatal(111, "unable to read ", service.name, "/", what);
}

// A held ok write end whose reader is gone means supervise exited.
bool StillRunning(Service& service) {
  if (!service.ok.valid()) return false;
  struct pollfd check = {service.ok.get(), 0, 0};
  if (poll(&check, 1, 0) == 1 && (check.revents & POLLERR) != 0) {
    service.ok.Reset();
    return false;
  }
  return true;
}

std::optional<common::StatusRecord> ReadStatus(
    const Service& service, const common::CheckedFile& supervise) {
  common::CheckedFile status =
      common::OpenChecked(supervise.fd.get(), "status", O_RDONLY,
                          common::FileType::kRegular, 0, /*single_link=*/true);
  if (status.missing()) return std::nullopt;
  if (!status.ok()) {
    DieUnreadable(service,
                  "supervise/status: " + svc::FailureText(status, "status"));
  }
  std::string bytes;
  if (status.info.st_uid != 0 && status.info.st_uid != supervise.info.st_uid) {
    DieUnreadable(service, "supervise/status: owned by another account");
  }
  if (!common::ReadUpTo(status.fd.get(), common::kStatusRecordSize, &bytes)) {
    DieUnreadable(service,
                  "supervise/status: " + std::string(common::ErrorText(errno)));
  }
  // Short (0.76 writes it in place on some paths): not yet.
  return common::DecodeStatus(reinterpret_cast<const uint8_t*>(bytes.data()),
                              bytes.size());
}

// Watches the service and looks at it; in the service directory (cwd).
svc::ServiceView Observe(Service& service, int inotify) {
  svc::ServiceView view;
  inotify_add_watch(inotify, ".", kServiceDirEvents);
  common::CheckedFile supervise = svc::OpenSupervise();
  if (!supervise.ok()) {
    service.ok.Reset();
    if (supervise.missing()) return view;
    DieUnreadable(service, "supervise: " + svc::FailureText(supervise, ""));
  }
  std::string watched = "/proc/self/fd/" + std::to_string(supervise.fd.get());
  if (inotify_add_watch(inotify, watched.c_str(), kSuperviseEvents) < 0) {
    DieUnreadable(service, "supervise: unable to watch: " +
                               std::string(common::ErrorText(errno)));
  }
  view.supervise_running = StillRunning(service);
  if (!view.supervise_running) {
    common::CheckedFile ok = common::OpenChecked(
        supervise.fd.get(), "ok", O_WRONLY, common::FileType::kFifo);
    if (ok.ok()) {
      service.ok = std::move(ok.fd);
      view.supervise_running = true;
    }
  }
  if (!view.supervise_running) return view;
  view.status = ReadStatus(service, supervise);
  std::string readiness = svc::ReadFirstLine(supervise, "readiness", 1024);
  view.readiness_file = !readiness.empty();
  view.readiness = common::ParseReadinessRecord(readiness);
  return view;
}

// Reads what inotify has; true if any of it may change a verdict (our own
// reads of status and readiness show up as IN_OPEN and do not).
bool DrainEvents(int inotify) {
  alignas(struct inotify_event) char buffer[4096];
  bool relevant = false;
  for (;;) {
    ssize_t got = read(inotify, buffer, sizeof(buffer));
    if (got <= 0) return relevant;
    for (ssize_t at = 0; at < got;) {
      const struct inotify_event* event =
          reinterpret_cast<const struct inotify_event*>(buffer + at);
      at += sizeof(struct inotify_event) + event->len;
      bool open_of_other =
          (event->mask & IN_OPEN) != 0 &&
          (event->len == 0 || std::strcmp(event->name, "ok") != 0);
      if (!open_of_other) relevant = true;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("svwait");
  sandbox::LockDownProcess(svc::kSvwaitAllowList, svc::kClientCapabilities);
  common::OptionParser options(argc, argv, "t:ouUdDx");
  std::optional<svc::WaitFor> what;
  bool any = false;
  std::optional<int64_t> timeout_ms;
  bool ended = options.ForEach([&](char letter, const char* text) {
    int64_t value = 0;
    switch (letter) {
      case 't':
        if (!common::ParseCanonicalDecimal<int64_t>(text, INT32_MAX, &value)) {
          common::DieUsage(kUsage);
        }
        timeout_ms = value;
        break;
      case 'o':
        any = true;
        break;
      case 'u':
        what = svc::WaitFor::kUp;
        break;
      case 'U':
        what = svc::WaitFor::kReady;
        break;
      case 'd':
        what = svc::WaitFor::kDown;
        break;
      case 'D':
        what = svc::WaitFor::kFinished;
        break;
      default:
        what = svc::WaitFor::kGone;
        break;
    }
    return true;
  });
  if (!ended) common::DieUsage(options.error(), "\n", kUsage);
  int first = options.operand_index();
  if (!what || first >= argc) common::DieUsage(kUsage);
  int64_t deadline = timeout_ms ? MonotonicMs() + *timeout_ms : 0;

  common::UniqueFd start(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  common::UniqueFd inotify(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (!start.valid() || !inotify.valid()) {
    common::DieSys(111, "unable to ", start.valid() ? "use inotify" : "open .");
  }
  std::vector<Service> services;
  for (int i = first; i < argc; ++i) {
    common::UniqueFd dir(open(argv[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid()) {
      common::DieSys(111, "unable to chdir to ", argv[i]);
    }
    services.push_back({argv[i], std::move(dir), {}});
  }
  std::vector<svc::Verdict> verdicts(services.size());
  for (;;) {
    for (size_t i = 0; i < services.size(); ++i) {
      if (fchdir(services[i].dir.get()) != 0) {
        common::DieSys(111, "unable to chdir to ", services[i].name);
      }
      verdicts[i] = svc::Judge(*what, Observe(services[i], inotify.get()));
      if (verdicts[i] == svc::Verdict::kNeedsOurSupervise) {
        common::DieFatal(100, services[i].name,
                         ": -U and -D need hardened-daemontools' supervise "
                         "(no supervise/readiness)");
      }
    }
    if (svc::Satisfied(verdicts, any)) return 0;
    // Sleep until something happens: an event, or a supervise gone.
    for (;;) {
      int wait = -1;
      if (timeout_ms) {
        int64_t left = deadline - MonotonicMs();
        if (left <= 0) return 1;
        wait = static_cast<int>(left);
      }
      std::vector<struct pollfd> fds = {{inotify.get(), POLLIN, 0}};
      for (const Service& service : services) {
        fds.push_back({service.ok.get(), 0, 0});  // -1 is skipped
      }
      int ready = poll(fds.data(), fds.size(), wait);
      if (ready < 0 && errno != EINTR) {
        common::DieSys(111, "unable to poll");
      }
      bool look = false;
      for (size_t i = 1; i < fds.size(); ++i) {
        if (fds[i].revents != 0) look = true;
      }
      if (ready > 0 && (fds[0].revents & POLLIN) != 0 &&
          DrainEvents(inotify.get())) {
        look = true;
      }
      if (look) break;
    }
  }
}
