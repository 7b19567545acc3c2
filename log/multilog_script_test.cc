#include "log/multilog_script.h"

#include <gtest/gtest.h>

#include <vector>

namespace log_tools {
namespace {

Script Parse(std::vector<std::string_view> arguments) {
  return ParseScript(arguments);
}

TEST(MultilogScriptTest, SettingsApplyToLaterDirectoriesOnly) {
  Script script =
      Parse({"t", "./a", "s5000", "n3", "!gzip", "./b", "s1", "n0", "/c"});
  EXPECT_TRUE(script.timestamp);
  ASSERT_EQ(script.directories.size(), 3u);
  EXPECT_EQ(script.directories[0].max_file_size, 99999u);
  EXPECT_EQ(script.directories[0].max_files, 10u);
  EXPECT_EQ(script.directories[0].processor, "");
  EXPECT_EQ(script.directories[1].max_file_size, 5000u);
  EXPECT_EQ(script.directories[1].max_files, 3u);
  EXPECT_EQ(script.directories[1].processor, "gzip");
  EXPECT_EQ(script.directories[2].max_file_size, kMinFileSize);
  EXPECT_EQ(script.directories[2].max_files, kMinFiles);
  EXPECT_EQ(script.directories[2].path, "/c");
}

TEST(MultilogScriptTest, LargeSizesAreClamped) {
  Script script = Parse({"s99999999999999999999", "./a"});
  EXPECT_EQ(script.directories[0].max_file_size, kMaxFileSize);
}

TEST(MultilogScriptTest, OnlyTheFirstArgumentCanAskForStamps) {
  EXPECT_FALSE(Parse({"e", "t"}).timestamp);
  EXPECT_TRUE(Parse({"tx", "e"}).timestamp);
}

TEST(MultilogScriptTest, ActionsKeepTheirOrderAndUnknownOnesAreIgnored) {
  Script script = Parse({"-*", "xyz", "", "+one", "e", "=st", "ex", "./d"});
  ASSERT_EQ(script.actions.size(), 6u);
  EXPECT_EQ(script.actions[0].kind, Action::kDeselect);
  EXPECT_EQ(script.actions[0].pattern, "*");
  EXPECT_EQ(script.actions[1].kind, Action::kSelect);
  EXPECT_EQ(script.actions[2].kind, Action::kStderr);
  EXPECT_EQ(script.actions[3].kind, Action::kStatusFile);
  EXPECT_EQ(script.status_files[0], "st");
  EXPECT_EQ(script.actions[4].kind, Action::kStderr);
  EXPECT_EQ(script.actions[5].kind, Action::kDirectory);
  EXPECT_TRUE(script.has_patterns);
  EXPECT_FALSE(Parse({"./d"}).has_patterns);
}

}  // namespace
}  // namespace log_tools
