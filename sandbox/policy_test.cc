#include "sandbox/policy.h"

#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/resource.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace sandbox {
namespace {

Policy Parse(const std::string& text) {
  ParseResult result = ParsePolicy(text);
  EXPECT_TRUE(result.value.has_value()) << result.error;
  return result.value.value_or(Policy{});
}

std::string ErrorOf(const std::string& text) {
  ParseResult result = ParsePolicy(text);
  EXPECT_FALSE(result.value.has_value()) << text;
  return result.error;
}

TEST(PolicyTest, EmptyAndCommentsChangeNothing) {
  Policy policy = Parse("# nothing\n\n   \n");
  EXPECT_FALSE(policy.user);
  EXPECT_FALSE(policy.EffectiveNoNewPrivs());
  EXPECT_EQ(policy.seccomp.mode, SeccompMode::kNone);
}

TEST(PolicyTest, EverySetting) {
  Policy policy = Parse(
      "user nobody\n"
      "group nogroup\n"
      "groups adm,4\n"
      "capabilities net_bind_service,CAP_CHOWN\n"
      "seccomp deny @reboot ptrace\n"
      "seccomp_action errno EPERM\n"
      "rlimit nofile 1024:2048\n"
      "rlimit core unlimited\n"
      "umask 027\n"
      "control_group wheel\n");
  EXPECT_EQ(policy.user, "nobody");
  EXPECT_EQ(policy.group, "nogroup");
  EXPECT_EQ(policy.groups, (std::vector<std::string>{"adm", "4"}));
  EXPECT_EQ(policy.capabilities,
            (std::vector<int>{CAP_CHOWN, CAP_NET_BIND_SERVICE}));
  EXPECT_EQ(policy.seccomp.mode, SeccompMode::kDeny);
  EXPECT_NE(std::find(policy.seccomp.syscalls.begin(),
                      policy.seccomp.syscalls.end(), "kexec_load"),
            policy.seccomp.syscalls.end());
  EXPECT_NE(std::find(policy.seccomp.syscalls.begin(),
                      policy.seccomp.syscalls.end(), "ptrace"),
            policy.seccomp.syscalls.end());
  EXPECT_EQ(policy.seccomp.action.kind, SeccompAction::kErrno);
  EXPECT_EQ(policy.seccomp.action.error_number, EPERM);
  ASSERT_EQ(policy.rlimits.size(), 2u);
  EXPECT_EQ(policy.rlimits[0].resource, RLIMIT_NOFILE);
  EXPECT_EQ(policy.rlimits[0].soft, 1024u);
  EXPECT_EQ(policy.rlimits[0].hard, 2048u);
  EXPECT_EQ(policy.rlimits[1].soft, RLIM_INFINITY);
  EXPECT_EQ(policy.umask, 027u);
  EXPECT_EQ(policy.control_group, "wheel");
  EXPECT_TRUE(policy.EffectiveNoNewPrivs());
}

TEST(PolicyTest, NoNewPrivsDefaultsOnWhenIdentityOrFiltersChange) {
  EXPECT_TRUE(Parse("user nobody\n").EffectiveNoNewPrivs());
  EXPECT_TRUE(Parse("capabilities none\n").EffectiveNoNewPrivs());
  EXPECT_TRUE(Parse("seccomp allow @basic-io\n").EffectiveNoNewPrivs());
  EXPECT_FALSE(Parse("umask 022\n").EffectiveNoNewPrivs());
  EXPECT_FALSE(Parse("user nobody\nno_new_privs no\n").EffectiveNoNewPrivs());
  EXPECT_TRUE(Parse("no_new_privs yes\n").EffectiveNoNewPrivs());
}

TEST(PolicyTest, ErrorsNameTheLine) {
  EXPECT_EQ(ErrorOf("user a\nfrobnicate 1\n"),
            "line 2: unknown setting frobnicate");
  EXPECT_EQ(ErrorOf("capabilities net_bind_servic\n"),
            "line 1: unknown capability net_bind_servic");
  EXPECT_EQ(ErrorOf("user a\nuser b\n"), "line 2: setting user given twice");
  EXPECT_EQ(ErrorOf("user\n"), "line 1: user needs a value");
  EXPECT_EQ(ErrorOf("user a b\n"), "line 1: user takes one value");
  EXPECT_EQ(ErrorOf("user -rf\n"), "line 1: bad user -rf");
  EXPECT_EQ(ErrorOf("seccomp allow nosuchcall\n"),
            "line 1: unknown syscall nosuchcall");
  EXPECT_EQ(ErrorOf("seccomp allow @nosuchgroup\n"),
            "line 1: unknown syscall group @nosuchgroup");
  EXPECT_EQ(ErrorOf("seccomp maybe read\n"),
            "line 1: seccomp must be followed by allow or deny");
  EXPECT_EQ(ErrorOf("seccomp_action errno EWHAT\n"),
            "line 1: unknown errno EWHAT");
  EXPECT_EQ(ErrorOf("umask 0999\n"),
            "line 1: umask must be octal, at most 0777");
  EXPECT_EQ(ErrorOf("rlimit nofile 10:5\n"),
            "line 1: rlimit nofile: soft limit above hard limit");
  EXPECT_EQ(ErrorOf("rlimit bogus 1\n"),
            "line 1: unknown rlimit resource bogus");
  EXPECT_EQ(ErrorOf("rlimit nofile 1\nrlimit nofile 2\n"),
            "line 2: rlimit nofile given twice");
  EXPECT_EQ(ErrorOf("no_new_privs maybe\n"),
            "line 1: no_new_privs must be yes or no");
  EXPECT_EQ(ErrorOf("seccomp deny ptrace\nno_new_privs no\n"),
            "line 2: a seccomp filter needs no_new_privs");
  EXPECT_EQ(ErrorOf(std::string("user a\0b\n", 9)), "line 1: NUL byte in line");
}

TEST(PolicyTest, SystemServiceGroupIsLarge) {
  Policy policy = Parse("seccomp allow @system-service\n");
  EXPECT_GT(policy.seccomp.syscalls.size(), 150u);
  EXPECT_TRUE(std::is_sorted(policy.seccomp.syscalls.begin(),
                             policy.seccomp.syscalls.end()));
}

}  // namespace
}  // namespace sandbox

namespace sandbox {
namespace {

TEST(PolicyTest, ConfinementKeys) {
  Policy policy = Parse(
      "user nobody\n"
      "read_only /srv /opt/\n"
      "read_only /var/lib/x\n"
      "writable /srv/data\n"
      "inaccessible /home\n"
      "private_tmp yes\n"
      "protect_system strict\n"
      "protect_home read-only\n"
      "landlock_read /usr\n"
      "landlock best_effort\n"
      "memory_max 64M\n"
      "pids_max 5\n"
      "cpu_weight 50\n"
      "kill_mode process\n"
      "private_network yes\n"
      "private_uts box-1\n");
  EXPECT_EQ(policy.filesystem.read_only,
            (std::vector<std::string>{"/srv", "/opt", "/var/lib/x"}));
  EXPECT_TRUE(policy.filesystem.private_tmp);
  EXPECT_EQ(policy.filesystem.protect_system, ProtectSystem::kStrict);
  EXPECT_EQ(policy.filesystem.protect_home, ProtectHome::kReadOnly);
  EXPECT_TRUE(policy.landlock.best_effort);
  EXPECT_EQ(*policy.cgroup.memory_max, 64u << 20);
  EXPECT_EQ(*policy.cgroup.pids_max, 5u);
  EXPECT_EQ(*policy.cgroup.kill_mode, KillMode::kProcess);
  EXPECT_EQ(*policy.namespaces.hostname, "box-1");
  EXPECT_TRUE(policy.NeedsMountNamespace());
  EXPECT_TRUE(policy.EffectiveNoNewPrivs());
  // Without a user, these confine uid 0: "user root" must be said.
  EXPECT_TRUE(Parse("private_network yes\n").ConfinesRootImplicitly());
  EXPECT_FALSE(Parse("cgroup yes\n").ConfinesRootImplicitly());
}

TEST(PolicyTest, ConfinementKeysRefuseWhatTheyCannotMean) {
  EXPECT_EQ(ErrorOf("read_only usr\n"),
            "line 1: read_only: not an absolute path: usr");
  EXPECT_EQ(ErrorOf("writable /srv/../etc\n"),
            "line 1: writable: path must be plain: /srv/../etc");
  EXPECT_EQ(ErrorOf("protect_system maybe\n"),
            "line 1: protect_system must be no, yes, full or strict");
  EXPECT_EQ(ErrorOf("cgroup no\npids_max 5\n"),
            "line 2: cgroup no leaves no group for limits or kill_mode");
  EXPECT_EQ(ErrorOf("landlock_read /usr\nno_new_privs no\n"),
            "line 2: Landlock rules need no_new_privs");
  EXPECT_EQ(ErrorOf("private_uts a/b\n"),
            "line 1: private_uts: bad host name a/b");
  EXPECT_EQ(ErrorOf("pids_max 0\n"),
            "line 1: pids_max must be 1 to 4194304 or max");
  EXPECT_EQ(ErrorOf("private_tmp yes\nprivate_tmp no\n"),
            "line 2: setting private_tmp given twice");
}

}  // namespace
}  // namespace sandbox

namespace sandbox {
namespace {

// The table the documents are printed from is the one the parser walks:
// every key in it is known, once, and documented.
TEST(PolicyTest, KeyTableIsTheGrammar) {
  std::vector<PolicyKey> keys = PolicyKeys();
  std::set<std::string_view> names;
  for (const PolicyKey& key : keys) {
    EXPECT_TRUE(names.insert(key.name).second) << key.name;
    EXPECT_NE(*key.usage, '\0') << key.name;
    EXPECT_NE(*key.doc, '\0') << key.name;
    std::string name(key.name);
    EXPECT_NE(ParsePolicy(name + "\n").error,
              "line 1: unknown setting " + name);
  }
  for (const char* name : {"rlimit", "read_only", "landlock_execute"}) {
    EXPECT_TRUE(names.count(name)) << name;
  }
  EXPECT_EQ(ParsePolicy("read_only /a\nread_only /b\n").error, "");
  EXPECT_EQ(ErrorOf("cpu_weight\n"), "line 1: cpu_weight takes one value");
  EXPECT_EQ(ErrorOf("umask\n"), "line 1: umask needs a value");
  EXPECT_EQ(ErrorOf("read_only\n"), "line 1: read_only needs a path");
  EXPECT_EQ(ErrorOf("rlimit\n"), "line 1: rlimit takes a resource and a value");
}

}  // namespace
}  // namespace sandbox
