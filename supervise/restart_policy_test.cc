#include "supervise/restart_policy.h"

#include <gtest/gtest.h>

namespace supervise {
namespace {

// The parser's result in the shape these tests were written for.
bool Parse(std::string_view text, RestartPolicy* policy, std::string* error) {
  common::ParseResult<RestartPolicy> parsed = ParseRestartPolicy(text);
  if (parsed.value) *policy = *parsed.value;
  *error = parsed.error;
  return parsed.value.has_value();
}

TEST(RestartPolicyTest, ParsesEverySetting) {
  RestartPolicy policy;
  std::string error;
  ASSERT_TRUE(
      Parse("# crash loops\nbackoff 500 8000\n\treset_after 30  # s\n"
            "give_up 5 60\n",
            &policy, &error))
      << error;
  EXPECT_TRUE(policy.configured);
  EXPECT_EQ(policy.backoff_initial_ms, 500);
  EXPECT_EQ(policy.backoff_max_ms, 8000);
  EXPECT_EQ(policy.reset_after_ms, 30000);
  EXPECT_EQ(policy.give_up_deaths, 5u);
  EXPECT_EQ(policy.give_up_window_ms, 60000);
}

TEST(RestartPolicyTest, EmptyFileMeansDefaults) {
  RestartPolicy policy;
  std::string error;
  ASSERT_TRUE(Parse("", &policy, &error));
  EXPECT_TRUE(policy.configured);
  EXPECT_EQ(policy.backoff_initial_ms, 0);
  EXPECT_EQ(policy.give_up_deaths, 0u);
}

TEST(RestartPolicyTest, ErrorsNameTheLine) {
  RestartPolicy policy;
  std::string error;
  EXPECT_FALSE(Parse("backoff 10 5\n", &policy, &error));
  EXPECT_EQ(error.substr(0, 7), "line 1:");
  EXPECT_FALSE(Parse("\n\ngive_up 0 10\n", &policy, &error));
  EXPECT_EQ(error.substr(0, 7), "line 3:");
  EXPECT_FALSE(Parse("reset_after\n", &policy, &error));
  EXPECT_FALSE(Parse("reset_after 1x\n", &policy, &error));
  EXPECT_FALSE(Parse("backoff -1 5\n", &policy, &error));
  EXPECT_FALSE(Parse("speed 9\n", &policy, &error));
  EXPECT_NE(error.find("unknown setting speed"), std::string::npos);
}

}  // namespace
}  // namespace supervise
