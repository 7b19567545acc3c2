#include "common/control_command.h"

#include <gtest/gtest.h>

#include <csignal>

namespace common {
namespace {

TEST(ControlCommandTest, EveryLetterMapsToACommand) {
  for (char letter : kControlLetters) {
    EXPECT_TRUE(CommandFromByte(static_cast<unsigned char>(letter)).has_value())
        << letter;
  }
}

TEST(ControlCommandTest, OtherBytesAreIgnored) {
  int recognised = 0;
  for (int byte = 0; byte < 256; ++byte) {
    if (CommandFromByte(static_cast<unsigned char>(byte))) ++recognised;
  }
  EXPECT_EQ(recognised, static_cast<int>(kControlLetters.size()));
  EXPECT_FALSE(CommandFromByte('U').has_value());
  EXPECT_FALSE(CommandFromByte('\0').has_value());
}

TEST(ControlCommandTest, SignallingCommandsUseTheDaemontoolsSignals) {
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('h')), SIGHUP);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('a')), SIGALRM);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('i')), SIGINT);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('t')), SIGTERM);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('k')), SIGKILL);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('q')), SIGQUIT);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('1')), SIGUSR1);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('2')), SIGUSR2);
  EXPECT_EQ(SignalOfCommand(*CommandFromByte('w')), SIGWINCH);
  for (char letter : std::string_view("udopcx")) {
    EXPECT_EQ(SignalOfCommand(*CommandFromByte(letter)), 0) << letter;
  }
}

}  // namespace
}  // namespace common
