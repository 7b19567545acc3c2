// Drives supervise's state machine with a byte stream: bytes below 0x80
// are control bytes; higher ones are events (child exit, timer, time
// passing, the next fork failing). A fake process backend and clock stand
// in for the OS. After every event the 0.76 rules are checked.
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <optional>

#include "supervise/state_machine.h"

namespace {

using supervise::Action;
using supervise::Actions;
using supervise::Now;
using supervise::StateMachine;

#define CHECK(condition) \
  if (!(condition)) std::abort()

struct Fake {
  int64_t clock_ms = 0;
  uint32_t next_pid = 100;
  uint32_t live_child = 0;  // 0: none
  bool fail_next_fork = false;
  bool exited = false;
  std::optional<int64_t> last_automatic_start;

  Now At() const {
    Now now;
    now.monotonic_ms = clock_ms;
    now.wall = {common::kTai64UnixOffset + 1000000 +
                    static_cast<uint64_t>(clock_ms / 1000),
                static_cast<uint32_t>(clock_ms % 1000) * 1000000 + 500};
    return now;
  }
};

void CheckRecord(const StateMachine& machine, const common::StatusRecord& r) {
  CHECK(r.pid == machine.pid());
  CHECK(r.paused == ((machine.pid() != 0 && machine.paused()) ? 1 : 0));
  CHECK(r.want == 'u' || r.want == 'd' || r.want == 0);
}

void Execute(StateMachine& machine, Fake& fake, const Actions& actions,
             bool automatic);

void Spawn(StateMachine& machine, Fake& fake, bool automatic) {
  CHECK(fake.live_child == 0);  // never two children
  if (fake.fail_next_fork) {
    fake.fail_next_fork = false;
    Execute(machine, fake, machine.OnSpawnFailed(fake.At()), false);
    return;
  }
  if (automatic) {
    // Automatic restarts keep 0.76's one second between starts.
    if (fake.last_automatic_start) {
      CHECK(fake.clock_ms - *fake.last_automatic_start >= 1000 ||
            fake.clock_ms < *fake.last_automatic_start);
    }
  }
  fake.live_child = fake.next_pid++;
  fake.last_automatic_start = fake.clock_ms;
  Execute(machine, fake, machine.OnSpawned(fake.live_child, fake.At()), false);
  CHECK(machine.pid() == fake.live_child);
}

// As supervise does: a spawn's reply is the next event, taken once the
// action list is carried out.
void Execute(StateMachine& machine, Fake& fake, const Actions& actions,
             bool automatic) {
  bool spawn = false;
  for (const Action& action : actions) {
    CHECK(!fake.exited);
    switch (action.kind) {
      case Action::kSignal:
        CHECK(action.pid != 0 && action.pid == fake.live_child);
        CHECK(action.signal > 0 && action.signal < 65);
        break;
      case Action::kWriteStatus:
        CHECK(action.status.want == 'u' || action.status.want == 'd' ||
              action.status.want == 0);
        CHECK(action.status.paused <= 1);
        break;
      case Action::kSpawn:
        spawn = true;
        break;
      case Action::kWatchdogExpired:
        CHECK(fake.live_child != 0);  // only a running, ready service
        break;
      case Action::kExit:
        CHECK(fake.live_child == 0);
        CHECK(machine.exit_requested());
        fake.exited = true;
        break;
    }
  }
  if (spawn) Spawn(machine, fake, automatic);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fake fake;
  bool down_file = size > 0 && (data[0] & 1);
  StateMachine machine(down_file, fake.At());
  CheckRecord(machine, machine.Record());
  Execute(machine, fake, machine.Begin(fake.At()), true);
  for (size_t i = 1; i < size && !fake.exited; ++i) {
    uint8_t byte = data[i];
    if (byte < 0x80) {
      bool was_running = fake.live_child != 0;
      Actions actions = machine.OnControlByte(byte, fake.At());
      Execute(machine, fake, actions, false);
      if (byte == 'd' && was_running) {
        bool sent_term = false;
        for (const Action& action : actions) {
          sent_term |=
              action.kind == Action::kSignal && action.signal == SIGTERM;
        }
        CHECK(sent_term);
        CHECK(machine.want() == common::Want::kDown);
      }
      if (byte == 'x') CHECK(machine.exit_requested());
    } else if (byte == 0x80) {
      if (fake.live_child != 0) {
        uint32_t pid = fake.live_child;
        fake.live_child = 0;
        Execute(machine, fake, machine.OnChildExit(pid, fake.At()), true);
      }
    } else if (byte == 0x81) {
      if (std::optional<int64_t> deadline = machine.NextDeadlineMs()) {
        if (*deadline > fake.clock_ms) fake.clock_ms = *deadline;
        Execute(machine, fake, machine.OnTimer(fake.At()), true);
      }
    } else if (byte == 0x82) {
      fake.fail_next_fork = true;
    } else if (byte == 0x83) {
      // A stray child (not ours) exits: nothing may change.
      uint32_t pid_before = machine.pid();
      CHECK(machine.OnChildExit(99999, fake.At()).empty());
      CHECK(machine.pid() == pid_before);
    } else {
      fake.clock_ms += (byte - 0x84) * 37;
      if (std::optional<int64_t> deadline = machine.NextDeadlineMs();
          deadline && *deadline <= fake.clock_ms) {
        Execute(machine, fake, machine.OnTimer(fake.At()), true);
      }
    }
    CheckRecord(machine, machine.Record());
    CHECK(machine.pid() == fake.live_child);
    // A pid exactly in the phases where ./run runs.
    CHECK((machine.pid() != 0) ==
          (machine.phase() == supervise::Phase::kUp ||
           machine.phase() == supervise::Phase::kUpThenExit));
    // A pending start always has a deadline unless exiting.
    if (machine.start_pending() && !machine.exit_requested() &&
        machine.pid() == 0) {
      CHECK(machine.NextDeadlineMs().has_value());
    }
  }
  return 0;
}
