#include "sandbox/identity.h"

#include <grp.h>
#include <pwd.h>

#include "gtest/gtest.h"

namespace sandbox {
namespace {

// Our reader of /etc/passwd and /etc/group agrees with libc's for the
// accounts every Debian system has.
TEST(IdentityTest, NamesResolveAsLibcDoes) {
  for (const char* name : {"root", "nobody", "daemon"}) {
    struct passwd* entry = getpwnam(name);
    if (entry == nullptr) continue;
    std::optional<gid_t> primary;
    std::optional<uid_t> uid = LookUpUser(name, &primary);
    ASSERT_TRUE(uid) << name;
    EXPECT_EQ(*uid, entry->pw_uid) << name;
    ASSERT_TRUE(primary) << name;
    EXPECT_EQ(*primary, entry->pw_gid) << name;
  }
  for (const char* name : {"root", "nogroup", "daemon"}) {
    struct group* entry = getgrnam(name);
    if (entry == nullptr) continue;
    std::optional<gid_t> gid = LookUpGroup(name);
    ASSERT_TRUE(gid) << name;
    EXPECT_EQ(*gid, entry->gr_gid) << name;
  }
}

TEST(IdentityTest, NumbersAndUnknownNames) {
  std::optional<gid_t> primary;
  EXPECT_EQ(LookUpUser("4000000", &primary), std::optional<uid_t>(4000000));
  EXPECT_FALSE(LookUpUser("no-such-user-here", &primary));
  EXPECT_EQ(LookUpGroup("4000000"), std::optional<gid_t>(4000000));
  EXPECT_FALSE(LookUpGroup("no-such-group-here"));
}

TEST(IdentityTest, AccountLines) {
  std::optional<AccountEntry> entry =
      ParseAccountLine("web:x:33:44:Web:/:/bin/sh");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->name, "web");
  EXPECT_EQ(entry->id, 33u);
  EXPECT_EQ(entry->second_id, std::optional<uint32_t>(44));
  EXPECT_FALSE(ParseAccountLine(""));
  EXPECT_FALSE(ParseAccountLine("web:x:"));
  EXPECT_FALSE(ParseAccountLine(":x:1:1"));
}

}  // namespace
}  // namespace sandbox
