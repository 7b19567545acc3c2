// supervise DIR: starts and restarts DIR/run, and obeys DIR/supervise/control.
#include <unistd.h>

#include "common/diagnostics.h"
#include "supervise/supervisor.h"

int main(int argc, char** argv) {
  common::SetProgramName("supervise");
  // Descriptors left open by whatever started us are not meant for
  // ./run (0.76 passed them on); only 0-2 are.
  if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    common::WarnSys("unable to keep inherited descriptors from the service");
  }
  if (argc != 2) common::DieUsage("supervise: usage: supervise dir");
  return supervise::RunSupervisor(argv[1]);
}
