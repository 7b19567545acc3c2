#include "log/log_owner.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace log_tools {
namespace {

class LogOwnerTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string base = getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp";
    passwd_ = base + "/passwd";
    FILE* file = fopen(passwd_.c_str(), "w");
    ASSERT_NE(file, nullptr);
    fputs(
        "root:x:0:0:root:/root:/bin/sh\n"
        "broken line\n"
        "log:x:1004:1010:log:/nonexistent:/usr/sbin/nologin\n"
        "rootgroup:x:1005:0::/:/bin/false\n",
        file);
    fclose(file);
  }

  static struct stat Directory(uid_t uid, gid_t gid) {
    struct stat info {};
    info.st_uid = uid;
    info.st_gid = gid;
    return info;
  }

  std::string passwd_;
};

TEST_F(LogOwnerTest, RootsDirectoryKeepsRoot) {
  EXPECT_FALSE(OwnerOf(Directory(0, 1010), passwd_.c_str()));
}

TEST_F(LogOwnerTest, OwnerWithTheDirectorysGroup) {
  std::optional<Owner> owner = OwnerOf(Directory(1004, 1020), passwd_.c_str());
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->uid, 1004u);
  EXPECT_EQ(owner->gid, 1020u);
}

// A directory given away with a bare `chown log` keeps root's group,
// which the owner must not get.
TEST_F(LogOwnerTest, RootsGroupBecomesThePrimaryGroupOrNogroup) {
  EXPECT_EQ(OwnerOf(Directory(1004, 0), passwd_.c_str())->gid, 1010u);
  EXPECT_EQ(OwnerOf(Directory(1005, 0), passwd_.c_str())->gid, kNoGroup);
  EXPECT_EQ(OwnerOf(Directory(1006, 0), passwd_.c_str())->gid, kNoGroup);
  EXPECT_EQ(OwnerOf(Directory(1004, 0), "/nonexistent/passwd")->gid, kNoGroup);
}

TEST_F(LogOwnerTest, CommonOwnerOnlyWhenAllAgree) {
  std::vector<struct stat> same = {Directory(1004, 1010),
                                   Directory(1004, 1020)};
  ASSERT_TRUE(CommonOwner(same, passwd_.c_str()));
  EXPECT_EQ(CommonOwner(same, passwd_.c_str())->gid, 1010u);
  std::vector<struct stat> different = {Directory(1004, 1010),
                                        Directory(1005, 1010)};
  EXPECT_FALSE(CommonOwner(different, passwd_.c_str()));
  std::vector<struct stat> with_root = {Directory(1004, 1010), Directory(0, 0)};
  EXPECT_FALSE(CommonOwner(with_root, passwd_.c_str()));
  EXPECT_FALSE(CommonOwner({}, passwd_.c_str()));
}

}  // namespace
}  // namespace log_tools
