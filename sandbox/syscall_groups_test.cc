// Our syscall groups against systemd's of the same name (captured into
// testdata/systemd_syscall_groups.txt): ours must contain every syscall of
// theirs that x86-64 has, so a deny-list written with systemd's groups in
// mind refuses at least what systemd would.
#include "sandbox/syscall_groups.h"

#include <gtest/gtest.h>
#include <seccomp.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace sandbox {
namespace {

using Reference = std::map<std::string, std::vector<std::string>>;

// The output of `systemd-analyze syscall-filter @A @B ...`: a group name
// at the start of a line, then its members (syscalls or nested groups)
// indented; '#' lines are comments.
Reference LoadReference() {
  std::ifstream in("sandbox/testdata/systemd_syscall_groups.txt");
  EXPECT_TRUE(in.is_open());
  Reference groups;
  std::string line, current;
  while (std::getline(in, line)) {
    size_t start = line.find_first_not_of(' ');
    if (start == std::string::npos || line[start] == '#') continue;
    if (start == 0) {
      current = line;
      groups[current];
    } else if (!current.empty()) {
      groups[current].push_back(line.substr(start));
    }
  }
  return groups;
}

void ExpandReference(const Reference& groups, const std::string& name,
                     std::set<std::string>* into) {
  auto found = groups.find(name);
  ASSERT_NE(found, groups.end()) << "the reference lacks " << name;
  for (const std::string& item : found->second) {
    if (item[0] == '@') {
      ExpandReference(groups, item, into);
    } else {
      into->insert(item);
    }
  }
}

bool KnownOnThisArchitecture(const std::string& name) {
  return seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name.c_str()) >= 0;
}

TEST(SyscallGroupsTest, EveryGroupContainsSystemdsGroupOfTheSameName) {
  Reference reference = LoadReference();
  int compared = 0;
  for (std::string_view name : SyscallGroupNames()) {
    if (!reference.contains(std::string(name))) continue;
    ++compared;
    std::set<std::string> theirs;
    ExpandReference(reference, std::string(name), &theirs);
    const std::vector<std::string_view>* ours = SyscallGroup(name);
    ASSERT_NE(ours, nullptr);
    std::string missing;
    for (const std::string& syscall : theirs) {
      if (!KnownOnThisArchitecture(syscall)) continue;
      if (std::find(ours->begin(), ours->end(), syscall) == ours->end()) {
        missing += " " + syscall;
      }
    }
    EXPECT_EQ(missing, "") << name << " lacks what systemd's has";
  }
  // A truncated or empty reference must not pass silently.
  EXPECT_GE(compared, 20);
}

// The gaps F13 found, by name.
TEST(SyscallGroupsTest, KnownGapsAreClosed) {
  auto contains = [](std::string_view group, std::string_view syscall) {
    const std::vector<std::string_view>* members = SyscallGroup(group);
    return members != nullptr && std::find(members->begin(), members->end(),
                                           syscall) != members->end();
  };
  EXPECT_TRUE(contains("@debug", "pidfd_getfd"));
  EXPECT_TRUE(contains("@aio", "io_uring_setup"));
  EXPECT_TRUE(contains("@aio", "io_uring_enter"));
  EXPECT_TRUE(contains("@aio", "io_uring_register"));
  EXPECT_TRUE(contains("@privileged", "unshare"));
  EXPECT_TRUE(contains("@privileged", "setns"));
  // Nested groups are expanded.
  EXPECT_TRUE(contains("@privileged", "reboot"));
  EXPECT_TRUE(contains("@system-service", "io_uring_setup"));
}

TEST(SyscallGroupsTest, GroupsAreSortedUniqueAndFlat) {
  for (std::string_view name : SyscallGroupNames()) {
    const std::vector<std::string_view>* members = SyscallGroup(name);
    ASSERT_NE(members, nullptr) << name;
    EXPECT_FALSE(members->empty()) << name;
    EXPECT_TRUE(std::is_sorted(members->begin(), members->end())) << name;
    EXPECT_EQ(std::adjacent_find(members->begin(), members->end()),
              members->end())
        << name;
    for (std::string_view member : *members) {
      EXPECT_FALSE(member.starts_with('@')) << name << " has " << member;
    }
  }
}

}  // namespace
}  // namespace sandbox
