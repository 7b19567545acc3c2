#include "svc/svc_arguments.h"

#include <gtest/gtest.h>

#include <vector>

namespace svc {
namespace {

SvcArguments Parse(std::vector<const char*> words) {
  std::vector<char*> argv;
  for (const char* word : words) argv.push_back(const_cast<char*>(word));
  argv.push_back(nullptr);
  return ParseSvcArguments(static_cast<int>(words.size()), argv.data());
}

TEST(SvcArgumentsTest, DropsDuplicatesKeepingFirstOrder) {
  SvcArguments arguments = Parse({"svc", "-uuddxkpchaitkuo", "a", "b"});
  ASSERT_TRUE(arguments.ok);
  EXPECT_EQ(arguments.commands, "udxkpchaito");
  EXPECT_EQ(arguments.first_dir, 2);
}

TEST(SvcArgumentsTest, DudSendsDu) {
  EXPECT_EQ(Parse({"svc", "-dud", "x"}).commands, "du");
}

TEST(SvcArgumentsTest, SeparateAndCombinedOptions) {
  EXPECT_EQ(Parse({"svc", "-d", "-x", "s"}).commands, "dx");
  EXPECT_EQ(Parse({"svc", "-dx", "s"}).commands, "dx");
}

TEST(SvcArgumentsTest, AcceptsTheExtendedLetters) {
  SvcArguments arguments = Parse({"svc", "-q12w", "s"});
  ASSERT_TRUE(arguments.ok);
  EXPECT_EQ(arguments.commands, "q12w");
}

TEST(SvcArgumentsTest, IllegalOptionIsReported) {
  SvcArguments arguments = Parse({"/bin/svc", "-dZ", "s"});
  EXPECT_FALSE(arguments.ok);
  EXPECT_EQ(arguments.error, "svc: illegal option -- Z");
}

TEST(SvcArgumentsTest, NoOptionsAndNoDirectories) {
  SvcArguments none = Parse({"svc"});
  ASSERT_TRUE(none.ok);
  EXPECT_EQ(none.commands, "");
  EXPECT_EQ(none.first_dir, 1);
  SvcArguments dirs_only = Parse({"svc", "a", "-d"});
  EXPECT_EQ(dirs_only.commands, "");
  EXPECT_EQ(dirs_only.first_dir, 1);
}

TEST(SvcArgumentsTest, DoubleDashEndsOptions) {
  SvcArguments arguments = Parse({"svc", "-u", "--", "-d"});
  EXPECT_EQ(arguments.commands, "u");
  EXPECT_EQ(arguments.first_dir, 3);
}

}  // namespace
}  // namespace svc
