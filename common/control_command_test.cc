#include "common/control_command.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <set>
#include <string>

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

// The table is the only description of the commands, so its rows must be
// distinct and complete: one letter and one Command each, every Command.
TEST(ControlCommandTest, RowsAreDistinctAndCoverEveryCommand) {
  std::set<char> letters;
  std::set<Command> commands;
  for (const CommandInfo& info : kCommands) {
    EXPECT_TRUE(letters.insert(info.letter).second) << info.letter;
    EXPECT_TRUE(commands.insert(info.command).second) << info.letter;
    EXPECT_FALSE(std::string_view(info.usage).empty()) << info.letter;
    EXPECT_FALSE(std::string_view(info.meaning).empty()) << info.letter;
    EXPECT_EQ(std::string_view(info.meaning).find('\n'), std::string_view::npos)
        << info.letter;
    EXPECT_EQ(std::string_view(info.meaning).find('\t'), std::string_view::npos)
        << info.letter;
    EXPECT_EQ(FindCommand(static_cast<unsigned char>(info.letter)), &info);
  }
  EXPECT_EQ(commands.size(), static_cast<size_t>(Command::kWinch) + 1);
}

TEST(ControlCommandTest, TheDaemontoolsLettersComeFirst) {
  std::string classic;
  std::string extensions;
  for (const CommandInfo& info : kCommands) {
    EXPECT_TRUE(extensions.empty() || info.extension) << info.letter;
    (info.extension ? extensions : classic) += info.letter;
  }
  EXPECT_EQ(classic, "udoxpchaitk");
  EXPECT_EQ(extensions, "q12w");
}

// The manual's line for a signalling command names the signal it sends.
TEST(ControlCommandTest, MeaningNamesTheSignal) {
  for (const CommandInfo& info : kCommands) {
    if (info.signal == 0) continue;
    std::string sent = std::string("send ./run ") + sigabbrev_np(info.signal);
    EXPECT_NE(std::string_view(info.meaning).find(sent), std::string_view::npos)
        << info.meaning;
  }
}

}  // namespace
}  // namespace common
