#include "sandbox/mountinfo.h"

#include <gtest/gtest.h>

namespace sandbox {
namespace {

TEST(MountInfoTest, FindsMountPointsAndTypes) {
  std::vector<MountEntry> entries = ParseMountInfo(
      "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
      "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
      "50 23 0:40 / /srv/with\\040space rw shared:5 - ext4 /dev/x rw\n"
      "garbage\n");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].mount_point, "/sys/fs/cgroup/unified");
  EXPECT_EQ(entries[1].type, "cgroup2");
  EXPECT_EQ(entries[2].mount_point, "/srv/with space");
  EXPECT_EQ(entries[2].type, "ext4");
}

TEST(MountInfoTest, PathAtOrBeneath) {
  EXPECT_TRUE(PathAtOrBeneath("/usr", "/usr"));
  EXPECT_TRUE(PathAtOrBeneath("/usr/lib", "/usr"));
  EXPECT_FALSE(PathAtOrBeneath("/usrlocal", "/usr"));
  EXPECT_TRUE(PathAtOrBeneath("/anything", "/"));
  EXPECT_FALSE(PathAtOrBeneath("/", "/usr"));
}

}  // namespace
}  // namespace sandbox
