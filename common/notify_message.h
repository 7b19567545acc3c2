// The sd_notify protocol as supervise reads it: one datagram holds
// newline-separated KEY=VALUE assignments (systemd's sd_notify(3)).
// supervise acts on READY=1, STATUS=..., STOPPING=1, WATCHDOG=1,
// WATCHDOG=trigger, MAINPID=N and BARRIER=1 and ignores every other key.
// Pure: the datagram comes from a service, so every byte is hostile.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace common {

// systemd's own limit for one notification (its receive buffer).
inline constexpr size_t kMaxNotifyMessageBytes = 4096;
// STATUS= text is kept up to this many bytes (after making it printable).
inline constexpr size_t kMaxNotifyStatusBytes = 256;

struct NotifyMessage {
  bool ready = false;             // READY=1
  bool stopping = false;          // STOPPING=1
  bool watchdog_ping = false;     // WATCHDOG=1
  bool watchdog_trigger = false;  // WATCHDOG=trigger: act as if missed
  bool barrier = false;           // BARRIER=1 (the sender waits for us)
  // STATUS=: printable ASCII only (other bytes become '?'), at most
  // kMaxNotifyStatusBytes.
  std::optional<std::string> status;
  // MAINPID=: a pid from 1 to 2^31-1.
  std::optional<uint32_t> main_pid;
  friend bool operator==(const NotifyMessage&, const NotifyMessage&) = default;
};

// nullopt for a datagram systemd would refuse as a whole: empty, longer
// than kMaxNotifyMessageBytes, or holding a NUL byte. Within a message, a
// line without '=' or with an unknown key is skipped, a known key with a
// value it does not take (READY=2, MAINPID=x) is skipped, and the last
// valid assignment of a key wins.
std::optional<NotifyMessage> ParseNotifyMessage(std::string_view datagram);

}  // namespace common
