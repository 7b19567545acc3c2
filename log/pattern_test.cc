// The match checks of daemontools' rts.tests (items 31-36 of the
// reference), plus the quirks of a '*' followed by another '*'.
#include "log/pattern.h"

#include <gtest/gtest.h>

namespace log_tools {
namespace {

struct Case {
  const char* pattern;
  const char* line;
  bool matches;
};

TEST(PatternTest, RtsMatchChecks) {
  const Case cases[] = {
      {"one", "one", true},
      {"one", "", false},
      {"one", "on", false},
      {"one", "onf", false},
      {"one", "one*", false},
      {"one", "onetwo", false},
      {"", "", true},
      {"", "x", false},
      {"*", "", true},
      {"*", "x", true},
      {"*", "*", true},
      {"*", "one", true},
      {"one*", "one", true},
      {"one*", "one*", true},
      {"one*", "onetwo", true},
      {"one*", "", false},
      {"one*", "x", false},
      {"one*", "on", false},
      {"one*", "onf", false},
      {"* one", " one", true},
      {"* one", "x one", true},
      {"* one", "* one", true},
      {"* one", "xy one", true},
      {"* one", "one", false},
      {"* one", " two", false},
      {"* one", "  one", false},
      {"* one", "xy one ", false},
      {"* * one", "  one", true},
      {"* * one", "x  one", true},
      {"* * one", " y one", true},
      {"* * one", "x y one", true},
      {"* * one", "one", false},
      {"* * one", " one", false},
      {"* * one", "   one", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(PatternMatches(c.pattern, c.line), c.matches)
        << "pattern '" << c.pattern << "' line '" << c.line << "'";
  }
}

TEST(PatternTest, StarBeforeStarSeeksALiteralStar) {
  EXPECT_TRUE(PatternMatches("**", "ab*cd"));
  EXPECT_FALSE(PatternMatches("**", "abcd"));
  EXPECT_TRUE(PatternMatches("a*", "a"));
  EXPECT_FALSE(PatternMatches("a*b", "axbxc"));
}

}  // namespace
}  // namespace log_tools
