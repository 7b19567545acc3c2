#include "svc/learned_policy.h"

#include <gtest/gtest.h>

#include "sandbox/syscall_groups.h"

namespace svc {
namespace {

TEST(LearnedPolicyTest, SingleNamesForFewCalls) {
  EXPECT_EQ(LearnedSeccompLine({"getdents64", "nanosleep"}),
            "seccomp allow getdents64 nanosleep");
}

TEST(LearnedPolicyTest, ExecMinimumIsLeftOut) {
  EXPECT_EQ(LearnedSeccompLine({"execve", "brk", "mmap"}), "");
}

TEST(LearnedPolicyTest, AGroupMostlyUsedIsTakenWhole) {
  std::set<std::string> used;
  const std::vector<std::string_view>& memory =
      *sandbox::SyscallGroup("@memory");
  for (size_t i = 0; i <= memory.size() / 2; ++i) {
    used.insert(std::string(memory[i]));
  }
  used.insert("getdents64");
  std::string line = LearnedSeccompLine(used);
  EXPECT_EQ(line.rfind("seccomp allow @memory", 0), 0u) << line;
  EXPECT_NE(line.find(" getdents64"), std::string::npos);
  for (std::string_view name : memory) {
    EXPECT_EQ(line.find(" " + std::string(name) + " "), std::string::npos)
        << name;
  }
}

TEST(LearnedPolicyTest, DangerousGroupsAreNeverTakenWhole) {
  std::set<std::string> used;
  for (std::string_view name : *sandbox::SyscallGroup("@mount")) {
    used.insert(std::string(name));
  }
  std::string line = LearnedSeccompLine(used);
  EXPECT_EQ(line.find("@mount"), std::string::npos) << line;
  EXPECT_NE(line.find("mount"), std::string::npos);
}

}  // namespace
}  // namespace svc
