// TAI64N timestamps as daemontools writes them: 8 bytes of seconds
// (2^62 + 10 + unix seconds) and 4 bytes of nanoseconds, big-endian.
#pragma once

#include <array>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace common {

struct Tai64n {
  uint64_t seconds = 0;
  uint32_t nanoseconds = 0;

  friend bool operator==(const Tai64n&, const Tai64n&) = default;
};

inline constexpr uint64_t kTai64UnixOffset = (uint64_t{1} << 62) + 10;

// Converts a wall-clock time. Nanoseconds are rounded down to microseconds
// and end in 500, exactly as the gettimeofday-based original does.
Tai64n Tai64nFromTimespec(const struct timespec& wall);

// Current CLOCK_REALTIME as TAI64N.
Tai64n Tai64nNow();

// Unix seconds of a stamp (may be negative for stamps before 1970).
int64_t UnixSeconds(const Tai64n& stamp);

void PackTai64n(const Tai64n& stamp, uint8_t out[12]);
Tai64n UnpackTai64n(const uint8_t in[12]);

// "@" followed by 24 lowercase hex digits, as tai64n and multilog print.
std::string FormatTai64nLabel(const Tai64n& stamp);

// Parses exactly 24 lowercase hex digits (the label without its "@").
std::optional<Tai64n> ParseTai64nLabel(std::string_view hex);

}  // namespace common
