// svok DIR: exits 0 if supervise is running in DIR, 100 if not.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"

int main(int argc, char** argv) {
  sandbox::LockDownProcess("svok", svc::kSvokAllowList,
                           svc::kClientCapabilities);
  if (argc < 2) common::Die(100, {"svok: usage: svok dir"});
  const char* dir = argv[1];
  if (chdir(dir) != 0) {
    common::Die(111, {"svok: fatal: unable to chdir to ", dir, ": ",
                      common::ErrorText(errno)});
  }
  // A reader on the ok FIFO exists exactly while supervise runs.
  int fd = open("supervise/ok", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0) return 0;
  if (errno == ENOENT || errno == ENXIO) return 100;
  common::Die(111, {"svok: fatal: unable to open ", dir,
                    "/supervise/ok: ", common::ErrorText(errno)});
}
