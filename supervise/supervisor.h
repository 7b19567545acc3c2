// The thin OS layer of supervise: sets up the service directory, then runs
// an event loop (poll on a signalfd for SIGCHLD and on the control FIFO,
// with the state machine's next deadline as timeout) and carries out the
// machine's actions. It never sleeps blindly.
#pragma once

#include <string>

namespace supervise {

// Supervises `dir` until told to exit; returns the exit code.
int RunSupervisor(const std::string& dir);

}  // namespace supervise
