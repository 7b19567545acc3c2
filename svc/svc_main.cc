// svc [-udopchaitkxq12w] DIR...: writes control bytes to DIR/supervise/control.
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/unique_fd.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"
#include "svc/svc_arguments.h"

namespace {

void ControlOne(const char* dir, const std::string& commands) {
  if (chdir(dir) != 0) {
    common::WriteLine(2, {"svc: warning: unable to chdir to ", dir, ": ",
                          common::ErrorText(errno)});
    return;
  }
  // Non-blocking, so that a FIFO without a reader fails with ENXIO instead
  // of hanging: that is how "supervise not running" is detected.
  common::UniqueFd control(
      open("supervise/control", O_WRONLY | O_NONBLOCK | O_CLOEXEC));
  if (!control.valid()) {
    std::string_view reason =
        errno == ENXIO ? "supervise not running" : common::ErrorText(errno);
    common::WriteLine(2,
                      {"svc: warning: unable to control ", dir, ": ", reason});
    return;
  }
  int flags = fcntl(control.get(), F_GETFL);
  if (flags >= 0) fcntl(control.get(), F_SETFL, flags & ~O_NONBLOCK);
  if (commands.empty()) return;
  ssize_t written;
  do {
    written = write(control.get(), commands.data(), commands.size());
  } while (written < 0 && errno == EINTR);
  if (written != static_cast<ssize_t>(commands.size())) {
    std::string_view reason =
        written < 0 ? common::ErrorText(errno) : "partial write";
    common::WriteLine(
        2, {"svc: warning: error writing commands to ", dir, ": ", reason});
  }
}

}  // namespace

int main(int argc, char** argv) {
  sandbox::LockDownProcess("svc", svc::kSvcAllowList, svc::kClientCapabilities);
  svc::SvcArguments arguments = svc::ParseSvcArguments(argc, argv);
  if (!arguments.ok) {
    common::WriteLine(2, {arguments.error});
    common::Die(100, {svc::kSvcUsage});
  }
  signal(SIGPIPE, SIG_IGN);
  common::UniqueFd start(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!start.valid()) {
    common::Die(111, {"svc: fatal: unable to open current directory: ",
                      common::ErrorText(errno)});
  }
  for (int i = arguments.first_dir; i < argc; ++i) {
    ControlOne(argv[i], arguments.commands);
    if (fchdir(start.get()) != 0) {
      common::Die(111, {"svc: fatal: unable to set directory: ",
                        common::ErrorText(errno)});
    }
  }
  return 0;
}
