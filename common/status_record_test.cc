#include "common/status_record.h"

#include <gtest/gtest.h>

namespace common {
namespace {

// Bytes observed from the real daemontools supervise: up, pid 8078.
constexpr uint8_t kObservedUp[18] = {0x40, 0x00, 0x00, 0x00, 0x6b, 0x04,
                                     0x95, 0x8a, 0x3a, 0x0d, 0x71, 0x4c,
                                     0x8e, 0x1f, 0x00, 0x00, 0x00, 0x75};

TEST(StatusRecordTest, DecodesTheObservedDaemontoolsRecord) {
  auto record = DecodeStatus(kObservedUp, sizeof(kObservedUp));
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->stamp.seconds, 0x400000006b04958aULL);
  EXPECT_EQ(record->stamp.nanoseconds, 0x3a0d714cU);
  EXPECT_EQ(record->pid, 8078u);
  EXPECT_EQ(record->paused, 0);
  EXPECT_EQ(record->want, 'u');
}

TEST(StatusRecordTest, EncodesPidLittleEndian) {
  StatusRecord record;
  record.stamp = {0x400000006b04958aULL, 0x3a0d714cU};
  record.pid = 8078;
  record.want = static_cast<uint8_t>(Want::kUp);
  StatusBytes bytes = EncodeStatus(record);
  for (size_t i = 0; i < kStatusRecordSize; ++i) {
    EXPECT_EQ(bytes[i], kObservedUp[i]) << i;
  }
}

TEST(StatusRecordTest, RoundTripsEveryField) {
  StatusRecord record;
  record.stamp = {kTai64UnixOffset + 1, 500};
  record.pid = 0xfffffffe;
  record.paused = 1;
  record.want = 0;
  StatusBytes bytes = EncodeStatus(record);
  auto decoded = DecodeStatus(bytes.data(), bytes.size());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, record);
}

TEST(StatusRecordTest, ShortRecordIsBadFormat) {
  EXPECT_FALSE(DecodeStatus(kObservedUp, 17).has_value());
  EXPECT_FALSE(DecodeStatus(kObservedUp, 0).has_value());
}

TEST(StatusRecordTest, LongerRunitRecordIsReadByItsPrefix) {
  uint8_t runit[20];
  for (int i = 0; i < 18; ++i) runit[i] = kObservedUp[i];
  runit[18] = 0;
  runit[19] = 1;
  auto record = DecodeStatus(runit, sizeof(runit));
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->pid, 8078u);
}

}  // namespace
}  // namespace common
