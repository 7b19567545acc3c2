#include "common/notify_message.h"

#include <gtest/gtest.h>

#include <string>

namespace common {
namespace {

TEST(NotifyMessageTest, ReadsTheKeysSupervisActsOn) {
  std::optional<NotifyMessage> message = ParseNotifyMessage(
      "READY=1\nSTATUS=serving 3 clients\nMAINPID=4242\nWATCHDOG=1\n");
  ASSERT_TRUE(message);
  EXPECT_TRUE(message->ready);
  EXPECT_TRUE(message->watchdog_ping);
  EXPECT_FALSE(message->stopping);
  EXPECT_EQ(message->status, "serving 3 clients");
  EXPECT_EQ(message->main_pid, 4242u);
}

TEST(NotifyMessageTest, SkipsWhatItDoesNotTake) {
  std::optional<NotifyMessage> message = ParseNotifyMessage(
      "READY=0\nRELOADING=1\nnonsense\n=1\nMAINPID=0\nMAINPID=012\n"
      "MAINPID=2147483648\nWATCHDOG=2\nSTOPPING=1");
  ASSERT_TRUE(message);
  EXPECT_FALSE(message->ready);
  EXPECT_FALSE(message->watchdog_ping);
  EXPECT_TRUE(message->stopping);
  EXPECT_FALSE(message->main_pid);
  EXPECT_FALSE(message->status);
}

TEST(NotifyMessageTest, RefusesWholeDatagramsSystemdRefuses) {
  EXPECT_FALSE(ParseNotifyMessage(""));
  EXPECT_FALSE(ParseNotifyMessage(std::string("READY=1\0", 8)));
  EXPECT_FALSE(ParseNotifyMessage("READY=1\n" +
                                  std::string(kMaxNotifyMessageBytes, 'x')));
}

TEST(NotifyMessageTest, StatusIsPrintableAndBounded) {
  std::optional<NotifyMessage> message = ParseNotifyMessage(
      "STATUS=first\nSTATUS=\x1b[2Jbad\r" + std::string(1000, 'y'));
  ASSERT_TRUE(message);
  ASSERT_TRUE(message->status);
  EXPECT_EQ(message->status->substr(0, 8), "?[2Jbad?");
  EXPECT_EQ(message->status->size(), kMaxNotifyStatusBytes);
  EXPECT_TRUE(ParseNotifyMessage("WATCHDOG=trigger")->watchdog_trigger);
  EXPECT_TRUE(ParseNotifyMessage("BARRIER=1")->barrier);
}

}  // namespace
}  // namespace common
