#include "svscan/shutdown.h"

namespace svscan {

namespace {

void Escalate(Slot& slot, int64_t now_ms) {
  ++slot.stop_phase;
  slot.stop_since_ms = now_ms;
}

bool TimedOut(const Slot& slot, int64_t timeout_ms, int64_t now_ms) {
  return now_ms - slot.stop_since_ms >= timeout_ms;
}

}  // namespace

StopStep NextStopStep(Service& service, int64_t now_ms) {
  StopStep step;
  int64_t timeout = service.stop_timeout_ms > 0 ? service.stop_timeout_ms
                                                : kDefaultStopTimeoutMs;
  Slot& main = service.main;
  if (main.pid != 0) {
    if (main.stop_phase == 0) {
      step.main_bytes = "dx";
      Escalate(main, now_ms);
    } else if (main.stop_phase == 1 && TimedOut(main, timeout, now_ms)) {
      step.main_bytes = "k";
      step.killed = true;
      Escalate(main, now_ms);
    }
    return step;  // the logger waits for its producer
  }
  if (service.pipe_write.valid()) step.close_pipe = true;
  Slot& log = service.log;
  if (log.pid == 0) return step;
  if (log.stop_phase == 0) {
    step.log_bytes = "x";
    Escalate(log, now_ms);
  } else if (log.stop_phase == 1 && TimedOut(log, timeout, now_ms)) {
    step.log_bytes = "d";
    Escalate(log, now_ms);
  } else if (log.stop_phase == 2 && TimedOut(log, timeout, now_ms)) {
    step.log_bytes = "k";
    step.killed = true;
    Escalate(log, now_ms);
  }
  return step;
}

void StopNotDelivered(Slot& slot) {
  if (slot.stop_phase > 0) --slot.stop_phase;
}

}  // namespace svscan
