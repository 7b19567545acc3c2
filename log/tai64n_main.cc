// tai64n: copies its input to its output, putting a TAI64N label ("@" and
// 24 hex digits, then a space) before each line. The label is the time at
// which the line's first byte was read.
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/tai64n.h"
#include "sandbox/lockdown.h"

namespace {

constexpr int kAllowList[] = {SYS_read, SYS_write, SYS_clock_gettime};

}  // namespace

int main() {
  common::SetProgramName("tai64n");
  sandbox::LockDownTool(kAllowList);
  bool at_line_start = true;
  std::string output;
  char buffer[4096];
  for (;;) {
    if (!common::WriteAll(1, output)) {
      common::DieSys(111, "unable to write output");
    }
    output.clear();
    ssize_t got = read(0, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      common::DieSys(111, "unable to read input");
    }
    if (got == 0) return 0;
    std::string label = common::FormatTai64nLabel(common::Tai64nNow()) + " ";
    for (ssize_t i = 0; i < got; ++i) {
      if (at_line_start) output += label;
      output += buffer[i];
      at_line_start = buffer[i] == '\n';
    }
  }
}
