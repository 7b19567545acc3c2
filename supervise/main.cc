// supervise DIR: starts and restarts DIR/run, and obeys DIR/supervise/control.
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "supervise/supervisor.h"

int main(int argc, char** argv) {
  // Descriptors left open by whatever started us are not meant for
  // ./run (0.76 passed them on); only 0-2 are.
  if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    common::WriteLine(2, {"supervise: warning: unable to keep inherited "
                          "descriptors from the service: ",
                          common::ErrorText(errno)});
  }
  if (argc != 2) common::Die(100, {"supervise: usage: supervise dir"});
  return supervise::RunSupervisor(argv[1]);
}
