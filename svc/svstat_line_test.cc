#include "svc/svstat_line.h"

#include <gtest/gtest.h>

namespace svc {
namespace {

common::StatusRecord Record(uint32_t pid, uint8_t paused, uint8_t want,
                            uint64_t seconds) {
  common::StatusRecord record;
  record.stamp = {seconds, 500};
  record.pid = pid;
  record.paused = paused;
  record.want = want;
  return record;
}

TEST(SvstatLineTest, UpWithEverySuffixInOrder) {
  EXPECT_EQ(FormatStatusLine(Record(12345, 1, 'd', 1000), true, 1100),
            "up (pid 12345) 100 seconds, normally down, paused, want down");
}

TEST(SvstatLineTest, DownWithSuffixes) {
  EXPECT_EQ(FormatStatusLine(Record(0, 0, 'u', 1000), false, 1100),
            "down 100 seconds, normally up, want up");
  EXPECT_EQ(FormatStatusLine(Record(0, 0, 'u', 1000), true, 1100),
            "down 100 seconds, want up");
  EXPECT_EQ(FormatStatusLine(Record(0, 0, 'd', 1000), true, 1000),
            "down 0 seconds");
}

TEST(SvstatLineTest, IrrelevantFlagsPrintNothing) {
  // paused and want down only matter while up; want up only while down.
  EXPECT_EQ(FormatStatusLine(Record(0, 1, 'd', 5), true, 5), "down 0 seconds");
  EXPECT_EQ(FormatStatusLine(Record(7, 0, 'u', 5), false, 5),
            "up (pid 7) 0 seconds");
  EXPECT_EQ(FormatStatusLine(Record(7, 0, 0, 5), false, 5),
            "up (pid 7) 0 seconds");
  EXPECT_EQ(FormatStatusLine(Record(7, 0, 'z', 5), false, 5),
            "up (pid 7) 0 seconds");
}

TEST(SvstatLineTest, PidIsUnsignedAndFutureStampIsZero) {
  EXPECT_EQ(FormatStatusLine(Record(0xffffffff, 0, 'u', 900), false, 100),
            "up (pid 4294967295) 0 seconds");
}

}  // namespace
}  // namespace svc
