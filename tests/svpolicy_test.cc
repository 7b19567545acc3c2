// svpolicy check and show on real files: every bad policy is reported
// with the right line, good ones pass, and show's rows follow the policy.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/harness.h"

namespace tests {
namespace {

class SvpolicyTest : public testing::Test {
 protected:
  RunResult Svpolicy(const std::vector<std::string>& arguments) {
    std::vector<std::string> argv = {OurProgram("svc/svpolicy")};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return RunProgram(argv, dir_.path());
  }
  std::string Service(const std::string& name, const std::string& policy,
                      const std::string& restart_policy = "") {
    MakeDir(dir_ / name);
    if (!policy.empty()) WriteFile(dir_ / name + "/policy", policy, 0644);
    if (!restart_policy.empty()) {
      WriteFile(dir_ / name + "/restart-policy", restart_policy, 0644);
    }
    return name;
  }

  TempDir dir_;
};

TEST_F(SvpolicyTest, UsageIs100) {
  EXPECT_EQ(Svpolicy({}).exit_code, 100);
  EXPECT_EQ(Svpolicy({"frobnicate", "x"}).exit_code, 100);
  RunResult show_two = Svpolicy({"show", "a", "b"});
  EXPECT_EQ(show_two.exit_code, 100);
  EXPECT_EQ(show_two.err,
            "svpolicy: usage: svpolicy check dir ... | show dir | learn [-t "
            "seconds] dir\n");
}

TEST_F(SvpolicyTest, GoodPoliciesAreOk) {
  std::vector<std::string> dirs = {
      Service("none", ""), Service("plain", "user nobody\n"),
      Service("full",
              "# a comment\nuser nobody\ngroup nogroup\ngroups none\n"
              "capabilities net_bind_service\nseccomp allow @system-service\n"
              "seccomp_action errno EPERM\nrlimit nofile 64:128\numask 027\n",
              "backoff 100 5000\nreset_after 30\ngive_up 5 60\n")};
  std::vector<std::string> arguments = {"check"};
  arguments.insert(arguments.end(), dirs.begin(), dirs.end());
  RunResult result = Svpolicy(arguments);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "none: ok\nplain: ok\nfull: ok\n");
}

TEST_F(SvpolicyTest, EveryBadPolicyIsNamedWithItsLine) {
  struct Case {
    std::string policy;
    std::string expected;  // after "NAME/"
  };
  const Case cases[] = {
      {"user nobody\nfrobnicate 1\n",
       "policy: line 2: unknown setting frobnicate"},
      {"user nobody\nuser root\n", "policy: line 2: setting user given twice"},
      {"\n\nuser no_such_user_here\n",
       "policy: unknown user no_such_user_here"},
      {"user nobody\ncapabilities cap_frob\n", "policy: line 2:"},
      {"user nobody\nseccomp allow @nonesuch\n", "policy: line 2:"},
      {"user nobody\n\n\nrlimit nofile 10:5\n", "policy: line 4:"},
      {"umask 0999\n", "policy: line 1:"},
      {"user nobody\nno_new_privs no\nseccomp allow read\n", "policy: line"},
      {"user nobody\nrlimit frob 1\n", "policy: line 2:"},
      {"user nobody\nseccomp_action errno NOPE\n", "policy: line 2:"},
      {"user nobody\ngroups\n", "policy: line 2:"},
      {"user\n", "policy: line 1:"},
      {"capabilities net_bind_service\n",
       "policy: confines a service that keeps uid 0; say user root if that "
       "is meant"},
  };
  int index = 0;
  for (const Case& c : cases) {
    std::string name = "bad" + std::to_string(index++);
    Service(name, c.policy);
    RunResult result = Svpolicy({"check", name});
    EXPECT_EQ(result.exit_code, 111) << c.policy;
    EXPECT_EQ(result.out.rfind(name + "/" + c.expected, 0), 0u)
        << "policy:\n"
        << c.policy << "got: " << result.out;
  }
}

TEST_F(SvpolicyTest, UnsafeFilesAndBadRestartPoliciesAreRefused) {
  Service("writable", "user nobody\n");
  ASSERT_EQ(chmod((dir_ / "writable/policy").c_str(), 0666), 0);
  Service("restart", "", "backoff 10\n");
  Service("linked", "");
  ASSERT_EQ(symlink("/etc/passwd", (dir_ / "linked/policy").c_str()), 0);
  RunResult result = Svpolicy({"check", "writable", "restart", "linked"});
  EXPECT_EQ(result.exit_code, 111);
  EXPECT_NE(result.out.find("writable/policy: writable by group or others\n"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("restart/restart-policy: line 1: "),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("linked/policy: "), std::string::npos)
      << result.out;
  EXPECT_EQ(result.out.find(": ok"), std::string::npos) << result.out;
}

TEST_F(SvpolicyTest, CheckJudgesAScanDirectorysBaseline) {
  WriteFile(dir_ / ".baseline", "seccomp deny @module\nuser nobody\n", 0644);
  RunResult bad = Svpolicy({"check", "."});
  EXPECT_EQ(bad.exit_code, 111);
  EXPECT_EQ(bad.out,
            "./.baseline: only seccomp, seccomp_action and capabilities "
            "belong in a baseline\n");
  WriteFile(dir_ / ".baseline", "seccomp deny @module\n", 0644);
  EXPECT_EQ(Svpolicy({"check", "."}).out, ".: ok\n");
}

TEST_F(SvpolicyTest, ShowFollowsThePolicy) {
  Service("s", "");
  RunResult none = Svpolicy({"show", "s"});
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_NE(none.out.find("s: no policy\n"), std::string::npos) << none.out;
  EXPECT_NE(none.out.find("seccomp        off"), std::string::npos);
  EXPECT_NE(none.out.find(": UNSAFE"), std::string::npos) << none.out;

  WriteFile(dir_ / "s/policy",
            "user nobody\nseccomp allow @system-service\nrlimit nofile "
            "64:128\numask 027\n",
            0644);
  RunResult confined = Svpolicy({"show", "s"});
  EXPECT_NE(confined.out.find("identity       on       uid 65534"),
            std::string::npos)
      << confined.out;
  EXPECT_NE(confined.out.find("seccomp        on       allow-list"),
            std::string::npos);
  // Classic keys only: the filesystem, namespaces and limits stay the
  // host's (confinement_depth_test covers the deeper rows).
  EXPECT_NE(confined.out.find("exposure 4.7 of 10: MEDIUM"), std::string::npos);

  WriteFile(dir_ / "s/policy", "user nobody\nseccomp deny @mount\n", 0644);
  RunResult deny = Svpolicy({"show", "s"});
  EXPECT_NE(deny.out.find("seccomp        partial  deny-list"),
            std::string::npos)
      << deny.out;

  WriteFile(dir_ / "s/policy", "frob\n", 0644);
  RunResult bad = Svpolicy({"show", "s"});
  EXPECT_EQ(bad.exit_code, 111);
  EXPECT_EQ(bad.err,
            "svpolicy: fatal: s/policy: line 1: unknown setting frob\n");
}

}  // namespace
}  // namespace tests

namespace tests {
namespace {

// learn on a real script, then the learned line applied: the service
// runs; without one of the learned calls it dies by SIGSYS.
TEST(SvpolicyLearnTest, LearnedPolicyRunsTheServiceAndIsMinimal) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run the service as nobody";
  TempDir dir("/tmp");
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  std::string service = dir / "s";
  MakeService(service, "echo hello | cat >/dev/null\nexec ls /");
  ASSERT_EQ(chmod(service.c_str(), 0755), 0);
  WriteFile(service + "/policy", "user nobody\n", 0644);
  RunResult learned =
      RunProgram({OurProgram("svc/svpolicy"), "learn", "-t", "5", service});
  ASSERT_EQ(learned.exit_code, 0) << learned.err;
  size_t line_start = learned.out.find("\nseccomp allow ");
  ASSERT_NE(line_start, std::string::npos) << learned.out;
  std::string line = learned.out.substr(line_start + 1);
  line = line.substr(0, line.find('\n'));
  EXPECT_EQ(learned.out.find("stopped after"), std::string::npos);
  ASSERT_NE(line.find(" getdents64"), std::string::npos) << line;

  auto run_under = [&](const std::string& seccomp_line) {
    WriteFile(service + "/policy",
              "user nobody\n" + seccomp_line + "\nseccomp_action kill\n", 0644);
    return RunProgram(
        {OurProgram("chain/applypolicy"), service + "/policy", "./run"},
        service);
  };
  RunResult allowed = run_under(line);
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("etc"), std::string::npos) << allowed.out;

  std::string without = line;
  without.erase(without.find(" getdents64"), std::string(" getdents64").size());
  RunResult denied = run_under(without);
  EXPECT_EQ(denied.signal, SIGSYS)
      << "exit " << denied.exit_code << " " << denied.err;
}

// The traced service is the service's code, not the operator's: run from
// root's terminal with a root-only descriptor and a secret in the
// environment, it must reach none of them (TIOCSTI through /dev/tty typed
// commands into root's shell).
TEST(SvpolicyLearnTest, TheTracedServiceGetsNoTerminalDescriptorOrSecret) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run the service as nobody";
  TempDir dir("/tmp");
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  std::string service = dir / "s";
  std::string results = dir / "results";
  MakeDir(results);
  ASSERT_EQ(chmod(results.c_str(), 0777), 0);
  MakeService(service,
              "{ ls /proc/self/fd; env; : </dev/tty && echo TTY; } > " +
                  results + "/seen 2>&1");
  ASSERT_EQ(chmod(service.c_str(), 0755), 0);
  WriteFile(service + "/policy", "user nobody\n", 0644);
  std::string secret = dir / "secret";
  WriteFile(secret, "root only\n", 0600);
  RunResult learned = RunProgram(
      {"python3", "-c",
       "import os,pty,sys\n"
       "pid,fd=pty.fork()\n"
       "if pid==0:\n"
       "  os.environ['SECRET_TOKEN']='root-only-token'\n"
       "  s=os.open(sys.argv[2],os.O_RDONLY); os.dup2(s,7)\n"
       "  os.execv(sys.argv[1],[sys.argv[1],'learn','-t','5',sys.argv[3]])\n"
       "out=b''\n"
       "while True:\n"
       "  try: d=os.read(fd,4096)\n"
       "  except OSError: break\n"
       "  if not d: break\n"
       "  out+=d\n"
       "os.waitpid(pid,0)\n"
       "sys.stdout.write(out.decode(errors='replace'))\n",
       OurProgram("svc/svpolicy"), secret, service});
  EXPECT_NE(learned.out.find("seccomp allow"), std::string::npos)
      << learned.out << learned.err;
  std::string seen = ReadFile(results + "/seen");
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.find("TTY"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("SECRET_TOKEN"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("\n7\n"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("HOME=/root"), std::string::npos) << seen;
}

TEST(SvpolicyLearnTest, UsageAndMissingDirectory) {
  EXPECT_EQ(RunProgram({OurProgram("svc/svpolicy"), "learn", "-t", "x", "d"})
                .exit_code,
            100);
  RunResult missing =
      RunProgram({OurProgram("svc/svpolicy"), "learn", "/nonexistent"});
  EXPECT_EQ(missing.exit_code, 111);
  EXPECT_EQ(missing.err,
            "svpolicy: fatal: unable to chdir to /nonexistent: file does not "
            "exist\n");
}

}  // namespace
}  // namespace tests
