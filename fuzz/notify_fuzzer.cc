// sd_notify datagrams from a hostile service, and supervise/readiness as
// svstat and svwait read it. The parser takes any bytes; what it accepts
// has a printable, bounded STATUS and a MAINPID in range; fed into
// supervise's state machine (a run that notifies, with a watchdog) the
// readiness record it keeps encodes to one line that parses back to the
// same record; and any text the record parser accepts encodes back to
// itself.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/notify_message.h"
#include "common/readiness_record.h"
#include "supervise/state_machine.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

namespace {

supervise::Now At(int64_t ms) {
  supervise::Now now;
  now.monotonic_ms = ms;
  now.wall = {common::kTai64UnixOffset + static_cast<uint64_t>(ms / 1000), 0};
  return now;
}

void CheckRecordLine(const common::ReadinessRecord& record) {
  std::string line = common::EncodeReadinessRecord(record);
  CHECK(!line.empty() && line.back() == '\n');
  CHECK(line.find('\n') == line.size() - 1);
  std::optional<common::ReadinessRecord> parsed =
      common::ParseReadinessRecord(line);
  CHECK(parsed && *parsed == record);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  if (std::optional<common::ReadinessRecord> record =
          common::ParseReadinessRecord(input)) {
    std::string canonical(input);
    if (canonical.empty() || canonical.back() != '\n') canonical += '\n';
    CHECK(common::EncodeReadinessRecord(*record) == canonical);
  }

  supervise::StateMachine machine(false, At(0));
  machine.Begin(At(0));
  machine.OnSpawned(42, At(0), {true, 1000, 500});
  int64_t now = 0;
  // Datagrams separated by 0xff, a few milliseconds apart.
  while (!input.empty()) {
    size_t split = input.find('\xff');
    std::string_view datagram = input.substr(0, split);
    input.remove_prefix(split == std::string_view::npos ? input.size()
                                                        : split + 1);
    now += 7;
    std::optional<common::NotifyMessage> message =
        common::ParseNotifyMessage(datagram);
    if (!message) continue;
    if (message->status) {
      CHECK(message->status->size() <= common::kMaxNotifyStatusBytes);
      for (char c : *message->status) CHECK(c >= 0x20 && c <= 0x7e);
    }
    if (message->main_pid) {
      CHECK(*message->main_pid >= 1 && *message->main_pid <= INT32_MAX);
    }
    machine.OnNotify(*message, At(now));
    machine.OnTimer(At(now));
    CheckRecordLine(machine.readiness());
    CHECK(machine.readiness().pid == machine.pid());
  }
  return 0;
}
