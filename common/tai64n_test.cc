#include "common/tai64n.h"

#include <gtest/gtest.h>

namespace common {
namespace {

TEST(Tai64nTest, ConvertsUnixTimeWithTheFixedOffset) {
  struct timespec wall = {0x6b04958a - 0x0a, 123456789};
  Tai64n stamp = Tai64nFromTimespec(wall);
  EXPECT_EQ(stamp.seconds, 0x400000006b04958aULL);
  // Rounded down to microseconds, then 500 added, as gettimeofday gives.
  EXPECT_EQ(stamp.nanoseconds, 123456500u);
  EXPECT_EQ(UnixSeconds(stamp), 0x6b04958a - 0x0a);
}

TEST(Tai64nTest, NanosecondsAlwaysEndIn500) {
  for (long nanos : {0L, 999L, 1000L, 999999999L}) {
    Tai64n stamp = Tai64nFromTimespec({1, nanos});
    EXPECT_EQ(stamp.nanoseconds % 1000, 500u) << nanos;
  }
}

TEST(Tai64nTest, PacksBigEndianAndRoundTrips) {
  Tai64n stamp{0x400000006b04958aULL, 0x3a0d714cU};
  uint8_t packed[12];
  PackTai64n(stamp, packed);
  const uint8_t expected[12] = {0x40, 0x00, 0x00, 0x00, 0x6b, 0x04,
                                0x95, 0x8a, 0x3a, 0x0d, 0x71, 0x4c};
  for (int i = 0; i < 12; ++i) EXPECT_EQ(packed[i], expected[i]) << i;
  EXPECT_EQ(UnpackTai64n(packed), stamp);
}

TEST(Tai64nTest, FormatsLabelAsLowercaseHex) {
  Tai64n stamp{0x4000000037c219bfULL, 0x2ef02e94U};
  EXPECT_EQ(FormatTai64nLabel(stamp), "@4000000037c219bf2ef02e94");
}

TEST(Tai64nTest, NowIsCloseToTheSystemClock) {
  time_t before = time(nullptr);
  Tai64n now = Tai64nNow();
  time_t after = time(nullptr);
  EXPECT_GE(UnixSeconds(now), before);
  EXPECT_LE(UnixSeconds(now), after);
}

}  // namespace
}  // namespace common
