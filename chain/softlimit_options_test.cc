#include "chain/softlimit_options.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <vector>

namespace chain {
namespace {

SoftlimitArguments Parse(std::vector<const char*> words) {
  std::vector<char*> argv;
  for (const char* word : words) argv.push_back(const_cast<char*>(word));
  argv.push_back(nullptr);
  return ParseSoftlimitArguments(static_cast<int>(words.size()), argv.data());
}

TEST(SoftlimitOptionsTest, MemoryOptionSetsFourLimitsInOrder) {
  SoftlimitArguments arguments =
      Parse({"softlimit", "-m", "100000", "-o5", "x"});
  ASSERT_TRUE(arguments.ok);
  ASSERT_EQ(arguments.limits.size(), 5u);
  EXPECT_EQ(arguments.limits[0].resource, RLIMIT_DATA);
  EXPECT_EQ(arguments.limits[3].resource, RLIMIT_AS);
  EXPECT_EQ(arguments.limits[4].resource, RLIMIT_NOFILE);
  EXPECT_EQ(arguments.limits[4].value, 5u);
  EXPECT_EQ(arguments.child, 4);
}

TEST(SoftlimitOptionsTest, EqualsMeansHard) {
  SoftlimitArguments arguments = Parse({"softlimit", "-c", "=", "x"});
  ASSERT_TRUE(arguments.ok);
  EXPECT_TRUE(arguments.limits[0].to_hard);
}

TEST(SoftlimitOptionsTest, UsageErrors) {
  EXPECT_FALSE(Parse({"softlimit"}).ok);
  EXPECT_FALSE(Parse({"softlimit", "-m", "12x", "x"}).ok);
  EXPECT_FALSE(Parse({"softlimit", "-m", "100"}).ok);
  SoftlimitArguments bad = Parse({"softlimit", "-q", "x"});
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error, "softlimit: illegal option -- q");
}

}  // namespace
}  // namespace chain
