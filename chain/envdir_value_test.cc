#include "chain/envdir_value.h"

#include <gtest/gtest.h>

namespace chain {
namespace {

TEST(EnvdirValueTest, EmptyFileRemoves) { EXPECT_FALSE(EnvdirValue("")); }

TEST(EnvdirValueTest, FirstLineWithoutTrailingBlanks) {
  EXPECT_EQ(EnvdirValue("value \t\nsecond line\n"), "value");
  EXPECT_EQ(EnvdirValue("no newline"), "no newline");
  EXPECT_EQ(EnvdirValue("  lead"), "  lead");
}

TEST(EnvdirValueTest, BlankFirstLineIsSetButEmpty) {
  EXPECT_EQ(EnvdirValue("\n"), "");
  EXPECT_EQ(EnvdirValue(" \t \nx"), "");
}

TEST(EnvdirValueTest, NulBecomesNewline) {
  EXPECT_EQ(EnvdirValue(std::string("a\0b\n", 4)), "a\nb");
}

}  // namespace
}  // namespace chain
