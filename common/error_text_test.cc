#include "common/error_text.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace common {
namespace {

TEST(ErrorTextTest, UsesTheDaemontoolsWords) {
  EXPECT_EQ(ErrorText(ENOENT), "file does not exist");
  EXPECT_EQ(ErrorText(EACCES), "access denied");
  EXPECT_EQ(ErrorText(EPERM), "permission denied");
  EXPECT_EQ(ErrorText(EAGAIN), "temporary failure");
  EXPECT_EQ(ErrorText(EWOULDBLOCK), "temporary failure");
  EXPECT_EQ(ErrorText(ENXIO), "device not configured");
  EXPECT_EQ(ErrorText(ENOTDIR), "not a directory");
  EXPECT_EQ(ErrorText(ELOOP), "symbolic link loop");
  EXPECT_EQ(ErrorText(ENOEXEC), "exec format error");
  EXPECT_EQ(ErrorText(EMFILE), "process cannot open more files");
  EXPECT_EQ(ErrorText(0), "no error");
  EXPECT_EQ(ErrorText(100000), "unknown error");
}

}  // namespace
}  // namespace common
