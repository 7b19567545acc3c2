#include "log/local_label.h"

#include <gtest/gtest.h>

namespace log_tools {
namespace {

TEST(LocalLabelTest, ConvertsAValidLabel) {
  // In UTC, as 0.76 prints it.
  EXPECT_EQ(LocaliseLine("@4000000037c219bf2ef02e94 hello\n"),
            "1999-08-24 04:04:05.787492500 hello\n");
}

TEST(LocalLabelTest, PassesOtherLinesThrough) {
  EXPECT_EQ(LocaliseLine("plain line\n"), "plain line\n");
  EXPECT_EQ(LocaliseLine(""), "");
  EXPECT_EQ(LocaliseLine("@"), "@");
}

TEST(LocalLabelTest, MalformedLabelsArePassedThroughNotCrashed) {
  EXPECT_EQ(LocaliseLine("@zz hello\n"), "@zz hello\n");
  EXPECT_EQ(LocaliseLine("@4000 short\n"), "@4000 short\n");
  EXPECT_EQ(LocaliseLine("@ffffffffffffffffffffffff huge\n"),
            "@ffffffffffffffffffffffff huge\n");
  EXPECT_EQ(LocaliseLine("@4000000037C219BF2EF02E94 upper\n"),
            "@4000000037C219BF2EF02E94 upper\n");
}

}  // namespace
}  // namespace log_tools
