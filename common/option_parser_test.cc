#include "common/option_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace common {
namespace {

struct Parsed {
  std::string letters;
  std::vector<std::string> values;
  std::string error;
  int operand_index = 0;
};

Parsed Parse(std::vector<const char*> words, std::string_view spec) {
  std::vector<char*> argv;
  for (const char* word : words) argv.push_back(const_cast<char*>(word));
  argv.push_back(nullptr);
  OptionParser parser(static_cast<int>(words.size()), argv.data(), spec);
  Parsed parsed;
  bool ended = parser.ForEach([&](char letter, const char* value) {
    parsed.letters += letter;
    if (value) parsed.values.push_back(value);
    return true;
  });
  if (!ended) {
    parsed.error = parser.error();
    return parsed;
  }
  parsed.operand_index = parser.operand_index();
  return parsed;
}

TEST(OptionParserTest, ClustersAndSeparateWords) {
  Parsed parsed = Parse({"svc", "-dx", "-u", "dir"}, "udx");
  EXPECT_EQ(parsed.letters, "dxu");
  EXPECT_EQ(parsed.operand_index, 3);
}

TEST(OptionParserTest, StopsAtDoubleDashAndLoneDash) {
  EXPECT_EQ(Parse({"svc", "-d", "--", "-u"}, "ud").operand_index, 3);
  Parsed lone = Parse({"svc", "-", "-u"}, "ud");
  EXPECT_EQ(lone.letters, "");
  EXPECT_EQ(lone.operand_index, 1);
}

TEST(OptionParserTest, ReportsIllegalOptionWithBasename) {
  Parsed parsed = Parse({"/usr/bin/svc", "-d1"}, "ud");
  EXPECT_EQ(parsed.error, "svc: illegal option -- 1");
}

TEST(OptionParserTest, ValuesInTheSameOrNextWord) {
  Parsed parsed = Parse({"softlimit", "-m100", "-o", "5", "prog"}, "m:o:");
  EXPECT_EQ(parsed.letters, "mo");
  ASSERT_EQ(parsed.values.size(), 2u);
  EXPECT_EQ(parsed.values[0], "100");
  EXPECT_EQ(parsed.values[1], "5");
  EXPECT_EQ(parsed.operand_index, 4);
}

TEST(OptionParserTest, MissingValueIsAnError) {
  EXPECT_EQ(Parse({"softlimit", "-m"}, "m:").error,
            "softlimit: option requires an argument -- m");
}

TEST(OptionParserTest, ForEachStopsWhenTheCallerRefuses) {
  std::vector<char*> argv = {const_cast<char*>("svc"), const_cast<char*>("-ab"),
                             const_cast<char*>("-c"), nullptr};
  OptionParser parser(3, argv.data(), "abc");
  std::string seen;
  EXPECT_FALSE(parser.ForEach([&](char letter, const char*) {
    seen += letter;
    return letter != 'b';
  }));
  EXPECT_EQ(seen, "ab");
  EXPECT_EQ(parser.error(), "");
}

}  // namespace
}  // namespace common
