// tai64nlocal: converts the TAI64N labels at the start of lines (as
// written by tai64n and multilog t) to local time.
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "log/local_label.h"
#include "sandbox/lockdown.h"

namespace {

// The time zone is loaded before the lockdown; after it, only the
// streams (and, should glibc look at the zone file again, reading it).
constexpr int kAllowList[] = {SYS_read,       SYS_write, SYS_openat, SYS_close,
                              SYS_newfstatat, SYS_fstat, SYS_lseek};

}  // namespace

int main() {
  tzset();
  sandbox::LockDownTool("tai64nlocal", kAllowList);
  std::string line, output;
  char buffer[4096];
  for (;;) {
    // Flushed before each read, so interactive use stays line-timely.
    if (!common::WriteAll(1, output)) {
      common::Die(111, {"tai64nlocal: fatal: unable to write output: ",
                        common::ErrorText(errno)});
    }
    output.clear();
    ssize_t got = read(0, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      common::Die(111, {"tai64nlocal: fatal: unable to read input: ",
                        common::ErrorText(errno)});
    }
    if (got == 0) break;
    for (ssize_t i = 0; i < got; ++i) {
      line += buffer[i];
      if (buffer[i] == '\n') {
        output += log_tools::LocaliseLine(line);
        line.clear();
      }
    }
  }
  output += log_tools::LocaliseLine(line);
  if (!common::WriteAll(1, output)) {
    common::Die(111, {"tai64nlocal: fatal: unable to write output: ",
                      common::ErrorText(errno)});
  }
  return 0;
}
