#include "common/exit_record.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace common {
namespace {

TEST(ExitRecordTest, RoundTrips) {
  for (ExitRecord record :
       {ExitRecord{false, 0, false, 0}, ExitRecord{false, 255, false, 12345},
        ExitRecord{true, SIGSYS, false, 3},
        ExitRecord{true, SIGSEGV, true, 1}}) {
    std::optional<ExitRecord> parsed =
        ParseExitRecord(EncodeExitRecord(record));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, record);
  }
}

TEST(ExitRecordTest, FromWaitStatus) {
  ExitRecord exited = ExitRecordFromWaitStatus(3 << 8, 10);
  EXPECT_FALSE(exited.signaled);
  EXPECT_EQ(exited.code, 3);
  ExitRecord killed = ExitRecordFromWaitStatus(SIGSYS | 0x80, 10);
  EXPECT_TRUE(killed.signaled);
  EXPECT_EQ(killed.code, SIGSYS);
  EXPECT_TRUE(killed.core);
  EXPECT_EQ(EncodeExitRecord(killed), "signal 31 1 10\n");
}

TEST(ExitRecordTest, RefusesAnythingElse) {
  for (const char* text :
       {"", "exit", "exit 1", "exit 256 1", "exit -1 1", "exit 1 2 3",
        "signal 0 0 1", "signal 65 0 1", "signal 9 2 1", "signal 9 0",
        "exit  1 2", "exit 1 2\n\n", "exit 1 99999999999999999999", "EXIT 1 2",
        "exit 1 2 "}) {
    EXPECT_FALSE(ParseExitRecord(text)) << text;
  }
}

TEST(ExitRecordTest, SignalNames) {
  EXPECT_STREQ(SignalName(SIGSYS), "SYS");
  EXPECT_STREQ(SignalName(SIGKILL), "KILL");
  EXPECT_EQ(SignalName(0), nullptr);
  EXPECT_EQ(SignalName(40), nullptr);
}

}  // namespace
}  // namespace common
