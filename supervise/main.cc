// supervise DIR: starts and restarts DIR/run, and obeys DIR/supervise/control.
#include "common/diagnostics.h"
#include "supervise/supervisor.h"

int main(int argc, char** argv) {
  if (argc != 2) common::Die(100, {"supervise: usage: supervise dir"});
  return supervise::RunSupervisor(argv[1]);
}
