// supervise's restart-policy file. Checks: an accepted policy has sane
// bounds (backoff initial <= max, positive windows, give-up count and
// window set together); a rejected one names a line of the input. Then
// the policy drives the state machine through a crash loop with a fake
// clock: starts stay at least one second apart, backoff never exceeds its
// cap, and a give-up leaves the service down with nothing pending.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "supervise/restart_policy.h"
#include "supervise/state_machine.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  common::ParseResult<supervise::RestartPolicy> parsed =
      supervise::ParseRestartPolicy(text);
  if (!parsed.value) {
    const std::string& error = parsed.error;
    CHECK(error.rfind("line ", 0) == 0);
    size_t lines = 1;
    for (char c : text) lines += c == '\n';
    CHECK(std::stoul(error.substr(5)) <= lines);
    return 0;
  }
  const supervise::RestartPolicy& policy = *parsed.value;
  CHECK(policy.configured);
  CHECK(policy.backoff_initial_ms >= 0);
  CHECK(policy.backoff_initial_ms <= policy.backoff_max_ms);
  CHECK(policy.reset_after_ms >= 1000);
  CHECK((policy.give_up_deaths == 0) == (policy.give_up_window_ms == 0));

  supervise::StateMachine machine(false, {});
  machine.SetRestartPolicy(policy);
  auto at = [](int64_t ms) {
    supervise::Now now;
    now.monotonic_ms = ms;
    return now;
  };
  int64_t clock = 0;
  int64_t last_start = -1;
  pid_t pid = 1;
  auto spawned = [&](const supervise::Actions& actions) {
    for (const supervise::Action& action : actions) {
      if (action.kind != supervise::Action::kSpawn) continue;
      CHECK(last_start < 0 || clock - last_start >= 1000);
      last_start = clock;
      machine.OnSpawned(++pid, at(clock));
      return true;
    }
    return false;
  };
  spawned(machine.Begin(at(clock)));
  for (int death = 0; death < 12 && machine.pid() != 0; ++death) {
    clock += 1 + (size > 0 ? data[death % size] : 0) * 50;
    if (spawned(machine.OnChildExit(machine.pid(), at(clock)))) continue;
    while (machine.pid() == 0) {
      std::optional<int64_t> deadline = machine.NextDeadlineMs();
      if (!deadline) {
        CHECK(machine.health().given_up);
        CHECK(machine.want() == common::Want::kDown);
        return 0;
      }
      CHECK(*deadline - clock <=
            std::max<int64_t>(policy.backoff_max_ms, 1000) + 1000);
      clock = std::max(clock, *deadline);
      spawned(machine.OnTimer(at(clock)));
    }
  }
  return 0;
}
