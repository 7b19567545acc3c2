// What svwait waits for, judged from what it saw of one service. Pure:
// svwait_main.cc observes, this decides.
#pragma once

#include <optional>
#include <span>

#include "common/readiness_record.h"
#include "common/status_record.h"

namespace svc {

enum class WaitFor {
  kUp,        // -u: supervise runs and ./run is up
  kReady,     // -U: up, and ready for the run the status shows
  kDown,      // -d: supervise runs and ./run is down
  kFinished,  // -D: down, and supervise has recorded the run's end
  kGone,      // -x: no supervise runs
};

struct ServiceView {
  bool supervise_running = false;
  std::optional<common::StatusRecord> status;
  // supervise/readiness, written only by our supervise.
  bool readiness_file = false;
  std::optional<common::ReadinessRecord> readiness;
};

enum class Verdict { kMet, kNotMet, kNeedsOurSupervise };

// -U and -D need supervise/readiness: a running supervise without it is
// daemontools 0.76's (kNeedsOurSupervise).
Verdict Judge(WaitFor what, const ServiceView& view);

// All services (or with `any`, one) met; a kNeedsOurSupervise anywhere is
// the caller's error to report first.
bool Satisfied(std::span<const Verdict> verdicts, bool any);

}  // namespace svc
