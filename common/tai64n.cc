#include "common/tai64n.h"

namespace common {

Tai64n Tai64nFromTimespec(const struct timespec& wall) {
  Tai64n stamp;
  stamp.seconds = kTai64UnixOffset + static_cast<uint64_t>(wall.tv_sec);
  uint32_t micros = static_cast<uint32_t>(wall.tv_nsec / 1000);
  stamp.nanoseconds = micros * 1000 + 500;
  return stamp;
}

Tai64n Tai64nNow() {
  struct timespec wall;
  clock_gettime(CLOCK_REALTIME, &wall);
  return Tai64nFromTimespec(wall);
}

int64_t UnixSeconds(const Tai64n& stamp) {
  return static_cast<int64_t>(stamp.seconds - kTai64UnixOffset);
}

void PackTai64n(const Tai64n& stamp, uint8_t out[12]) {
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<uint8_t>(stamp.seconds >> (8 * (7 - i)));
  }
  for (int i = 0; i < 4; ++i) {
    out[8 + i] = static_cast<uint8_t>(stamp.nanoseconds >> (8 * (3 - i)));
  }
}

Tai64n UnpackTai64n(const uint8_t in[12]) {
  Tai64n stamp;
  for (int i = 0; i < 8; ++i) stamp.seconds = (stamp.seconds << 8) | in[i];
  for (int i = 0; i < 4; ++i) {
    stamp.nanoseconds = (stamp.nanoseconds << 8) | in[8 + i];
  }
  return stamp;
}

std::string FormatTai64nLabel(const Tai64n& stamp) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint8_t packed[12];
  PackTai64n(stamp, packed);
  std::string label = "@";
  for (uint8_t byte : packed) {
    label += kHex[byte >> 4];
    label += kHex[byte & 15];
  }
  return label;
}

std::optional<Tai64n> ParseTai64nLabel(std::string_view hex) {
  if (hex.size() != 24) return std::nullopt;
  uint8_t packed[12];
  for (size_t i = 0; i < 24; ++i) {
    char c = hex[i];
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (i % 2 == 0) {
      packed[i / 2] = static_cast<uint8_t>(digit << 4);
    } else {
      packed[i / 2] = static_cast<uint8_t>(packed[i / 2] | digit);
    }
  }
  return UnpackTai64n(packed);
}

}  // namespace common
