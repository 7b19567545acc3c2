// How svscan brings a service down when it is told to stop (SIGTERM or
// SIGINT): the service first, its logger only after the service's
// supervise has gone, so the logger can write every last line.
//
//   main: "dx" (TERM, CONT; supervise exits once ./run is down), and after
//         the service's timeout "k" (KILL).
//   log:  once main is gone, the pipe's write end is closed (the logger
//         reads end of file) and "x" is sent; after the timeout "d"; after
//         another, "k".
//
// Pure decisions: the caller delivers the bytes and reports back.
#pragma once

#include <cstdint>
#include <string>

#include "svscan/service_table.h"

namespace svscan {

inline constexpr int64_t kDefaultStopTimeoutMs = 10000;

struct StopStep {
  std::string main_bytes;  // to write into NAME/supervise/control
  std::string log_bytes;   // to write into NAME/log/supervise/control
  bool close_pipe = false;
  bool killed = false;  // a KILL had to be sent
};

// Advances the shutdown of `service` at time `now_ms`.
StopStep NextStopStep(Service& service, int64_t now_ms);

// Undoes the last step for a slot whose bytes could not be delivered
// (its supervise was not listening yet), so it is tried again.
void StopNotDelivered(Slot& slot);

// Whether nothing of `service` runs any more.
inline bool Stopped(const Service& service) {
  return service.main.pid == 0 && service.log.pid == 0;
}

}  // namespace svscan
