#include "sandbox/identity.h"

#include <grp.h>
#include <pwd.h>

#include "gtest/gtest.h"

namespace sandbox {
namespace {

// Users resolve only through ResolvePolicy (LookUpUser is file-local):
// the policy "user NAME", resolved, or its error.
ResolvedPolicy ResolveUser(const std::string& name, std::string* error) {
  Policy policy;
  policy.user = name;
  ResolvedPolicy resolved;
  if (!ResolvePolicy(policy, &resolved, error)) resolved.uid.reset();
  return resolved;
}

// Our reader of /etc/passwd and /etc/group agrees with libc's for the
// accounts every Debian system has.
TEST(IdentityTest, NamesResolveAsLibcDoes) {
  for (const char* name : {"root", "nobody", "daemon"}) {
    struct passwd* entry = getpwnam(name);
    if (entry == nullptr) continue;
    std::string error;
    ResolvedPolicy resolved = ResolveUser(name, &error);
    ASSERT_TRUE(resolved.uid) << name << ": " << error;
    EXPECT_EQ(*resolved.uid, entry->pw_uid) << name;
    // Without a group key, the user's primary group.
    ASSERT_TRUE(resolved.gid) << name;
    EXPECT_EQ(*resolved.gid, entry->pw_gid) << name;
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
  std::string error;
  // A number without a passwd entry is that uid, but has no primary group.
  EXPECT_FALSE(ResolveUser("4000000", &error).uid);
  EXPECT_EQ(error, "user 4000000 has no group; set group");
  Policy numeric;
  numeric.user = "4000000";
  numeric.group = "4000000";
  ResolvedPolicy resolved;
  ASSERT_TRUE(ResolvePolicy(numeric, &resolved, &error)) << error;
  EXPECT_EQ(resolved.uid, std::optional<uid_t>(4000000));
  EXPECT_EQ(resolved.gid, std::optional<gid_t>(4000000));
  EXPECT_FALSE(ResolveUser("no-such-user-here", &error).uid);
  EXPECT_EQ(error, "unknown user no-such-user-here");
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
