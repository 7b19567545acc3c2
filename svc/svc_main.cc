// svc [-udoxpchaitkq12w] DIR...: writes control bytes
// (common/control_command.h) to DIR/supervise/control.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <string_view>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "common/unique_fd.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"
#include "svc/service_access.h"
#include "svc/svc_arguments.h"

namespace {

// A control FIFO that stays full (a stuck supervise, or an attacker's FIFO
// held open) costs at most this long before svc moves on to the next
// directory.
constexpr int kControlWaitMs = 1000;

int64_t NowMs() {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1000000;
}

// Writes all of `commands` (at most a few bytes, so one atomic FIFO
// write) without ever blocking for longer than kControlWaitMs.
bool WriteBounded(int fd, const std::string& commands) {
  int64_t deadline = NowMs() + kControlWaitMs;
  for (;;) {
    ssize_t written = write(fd, commands.data(), commands.size());
    if (written == static_cast<ssize_t>(commands.size())) return true;
    if (written >= 0) {
      errno = EIO;
      return false;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return false;
    int64_t left = deadline - NowMs();
    if (left <= 0) {
      errno = ETIMEDOUT;
      return false;
    }
    struct pollfd wait = {fd, POLLOUT, 0};
    poll(&wait, 1, static_cast<int>(left));
  }
}

void ControlOne(const char* dir, const std::string& commands) {
  if (chdir(dir) != 0) {
    common::WarnSys("unable to chdir to ", dir);
    return;
  }
  common::CheckedFile supervise = svc::OpenSupervise();
  if (!supervise.ok()) {
    common::Warn("unable to control ", dir, ": ",
                 svc::FailureText(supervise, ""));
    return;
  }
  // Non-blocking, so that a FIFO without a reader fails with ENXIO instead
  // of hanging: that is how "supervise not running" is detected. Never a
  // link, and only a FIFO: a root svc must not write into a file.
  common::CheckedFile control = common::OpenChecked(
      supervise.fd.get(), "control", O_WRONLY, common::FileType::kFifo);
  if (!control.ok()) {
    common::Warn("unable to control ", dir, ": ",
                 control.error == ENXIO ? "supervise not running"
                                        : svc::FailureText(control, "control"));
    return;
  }
  if (commands.empty()) return;
  if (!WriteBounded(control.fd.get(), commands)) {
    if (errno == ETIMEDOUT) {
      common::Warn("unable to control ", dir,
                   ": timed out: supervise/control is full");
    } else {
      common::WarnSys("error writing commands to ", dir);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("svc");
  sandbox::LockDownProcess(svc::kSvcAllowList, svc::kClientCapabilities);
  svc::SvcArguments arguments = svc::ParseSvcArguments(argc, argv);
  if (!arguments.ok) {
    common::WriteLine(2, {arguments.error});
    common::DieUsage(svc::SvcUsage());
  }
  signal(SIGPIPE, SIG_IGN);
  common::UniqueFd start(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!start.valid()) {
    common::DieSys(111, "unable to open current directory");
  }
  for (int i = arguments.first_dir; i < argc; ++i) {
    ControlOne(argv[i], arguments.commands);
    if (fchdir(start.get()) != 0) {
      common::DieSys(111, "unable to set directory");
    }
  }
  return 0;
}
