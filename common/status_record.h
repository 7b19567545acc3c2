// The 18-byte supervise/status record of daemontools 0.76:
//   0-11  TAI64N stamp of the last pid change (big-endian)
//   12-15 pid of ./run, little-endian, 0 when not running
//   16    1 if running and paused
//   17    want: 'u', 'd' or 0 (no wish, after "once")
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/tai64n.h"

namespace common {

inline constexpr size_t kStatusRecordSize = 18;

enum class Want : uint8_t { kNone = 0, kUp = 'u', kDown = 'd' };

struct StatusRecord {
  Tai64n stamp;
  uint32_t pid = 0;
  uint8_t paused = 0;
  // Raw byte 17; readers must tolerate values other than 'u', 'd' and 0.
  uint8_t want = 0;

  friend bool operator==(const StatusRecord&, const StatusRecord&) = default;
};

using StatusBytes = std::array<uint8_t, kStatusRecordSize>;

StatusBytes EncodeStatus(const StatusRecord& record);

// Decodes the first 18 bytes. Fewer bytes mean "bad format" (nullopt);
// longer runit/encore records are accepted by reading their prefix.
std::optional<StatusRecord> DecodeStatus(const uint8_t* data, size_t size);

}  // namespace common
