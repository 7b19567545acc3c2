#include "svc/svwait_condition.h"

#include <algorithm>

namespace svc {

Verdict Judge(WaitFor what, const ServiceView& view) {
  if (what == WaitFor::kGone) {
    return view.supervise_running ? Verdict::kNotMet : Verdict::kMet;
  }
  if (!view.supervise_running || !view.status) return Verdict::kNotMet;
  bool needs_readiness = what == WaitFor::kReady || what == WaitFor::kFinished;
  if (needs_readiness && !view.readiness_file) {
    return Verdict::kNeedsOurSupervise;
  }
  uint32_t pid = view.status->pid;
  // The readiness record is written after the status it belongs to: it
  // counts only once it names the same run.
  bool same_run = view.readiness && view.readiness->pid == pid;
  bool met = false;
  switch (what) {
    case WaitFor::kUp:
      met = pid != 0;
      break;
    case WaitFor::kReady:
      met = pid != 0 && same_run && view.readiness->ready_since.has_value();
      break;
    case WaitFor::kDown:
      met = pid == 0;
      break;
    case WaitFor::kFinished:
      met = pid == 0 && same_run;
      break;
    case WaitFor::kGone:
      break;
  }
  return met ? Verdict::kMet : Verdict::kNotMet;
}

bool Satisfied(std::span<const Verdict> verdicts, bool any) {
  auto met = [](Verdict verdict) { return verdict == Verdict::kMet; };
  return any ? std::any_of(verdicts.begin(), verdicts.end(), met)
             : std::all_of(verdicts.begin(), verdicts.end(), met);
}

}  // namespace svc
