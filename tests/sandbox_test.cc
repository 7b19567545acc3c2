// The hardening of supervise seen from outside, with real processes:
// the monitor's own lockdown, a service started under a policy (identity,
// capabilities, seccomp) and not under the monitor's filter, refusal of
// bad or unsafe policy files, and control delegated to a group. Needs
// root; the services run as nobody.
#include <grp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/harness.h"

namespace tests {
namespace {

std::string StatusOf(pid_t pid, const std::string& field) {
  std::string status = ReadFile("/proc/" + std::to_string(pid) + "/status");
  size_t at = status.find("\n" + field + ":");
  if (at == std::string::npos) return "";
  size_t start = status.find_first_not_of(" \t", at + field.size() + 2);
  size_t end = status.find('\n', start);
  std::string value = status.substr(start, end - start);
  value.erase(value.find_last_not_of(" \t") + 1);
  return value;
}

class SandboxTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0)
      GTEST_SKIP() << "needs root to start services as nobody";
    // Under /tmp, reachable by nobody; the probe is copied in.
    dir_ = std::make_unique<TempDir>("/tmp");
    ASSERT_EQ(chmod(dir_->path().c_str(), 0755), 0);
    probe_ = *dir_ / "probe";
    WriteFile(probe_, ReadFile(OurProgram("tests/probe/probe")), 0755);
    results_ = *dir_ / "results";
    MakeDir(results_);
    ASSERT_EQ(chmod(results_.c_str(), 0777), 0);
    service_ = *dir_ / "s";
  }
  void TearDown() override {
    processes_.KillAll();
    if (dir_) KillProcessesUnder(dir_->path());
  }

  // A service whose ./run execs the probe with `arguments`, under `policy`
  // (root-owned, mode 0644) unless it is empty.
  void MakeProbeService(const std::string& arguments,
                        const std::string& policy) {
    MakeService(service_, "exec " + probe_ + " " + arguments);
    ASSERT_EQ(chmod(service_.c_str(), 0755), 0);
    if (!policy.empty()) WriteFile(service_ + "/policy", policy, 0644);
  }

  pid_t StartSupervise() {
    pid_t pid = processes_.Start({ours_.supervise, service_}, "", *dir_ / "out",
                                 *dir_ / "err");
    EXPECT_TRUE(WaitUntil([&] {
      return RunProgram({ours_.svok, service_}).exit_code == 0;
    }));
    return pid;
  }

  std::string WaitForResult(const std::string& name) {
    std::string path = results_ + "/" + name;
    WaitUntil([&] { return Exists(path); });
    return ReadFile(path);
  }

  uint32_t RunPid() {
    auto status = ReadStatus(service_);
    return status ? status->pid : 0;
  }

  std::string Svstat() { return RunProgram({ours_.svstat, service_}).out; }

  Suite ours_ = OurSuite();
  std::unique_ptr<TempDir> dir_;
  std::string probe_, results_, service_;
  ProcessGroup processes_;
};

TEST_F(SandboxTest, MonitorIsLockedDownButTheServiceIsNot) {
  MakeProbeService("status " + results_ + "/status", "");
  pid_t monitor = StartSupervise();
  std::string inside = WaitForResult("status");
  // The monitor: only CAP_KILL, no_new_privs, its own filter.
  EXPECT_EQ(StatusOf(monitor, "CapEff"), "0000000000000020");
  EXPECT_EQ(StatusOf(monitor, "CapBnd"), "0000000000000020");
  EXPECT_EQ(StatusOf(monitor, "NoNewPrivs"), "1");
  EXPECT_EQ(StatusOf(monitor, "Seccomp"), "2");
  // The service is the monitor's child but carries none of that.
  pid_t service = static_cast<pid_t>(RunPid());
  ASSERT_NE(service, 0);
  EXPECT_EQ(ReadProcStat(service)->ppid, monitor);
  EXPECT_NE(inside.find("Seccomp:\t0\n"), std::string::npos) << inside;
  EXPECT_NE(inside.find("NoNewPrivs:\t0\n"), std::string::npos) << inside;
  EXPECT_EQ(inside.find("CapBnd:\t0000000000000020"), std::string::npos)
      << inside;
}

TEST_F(SandboxTest, UserNobodyRunsWithNobodysIdentityAndNothingElse) {
  MakeProbeService("status " + results_ + "/status", "user nobody\n");
  StartSupervise();
  std::string inside = WaitForResult("status");
  EXPECT_NE(inside.find("Uid:\t65534\t65534\t65534\t65534\n"),
            std::string::npos)
      << inside;
  EXPECT_NE(inside.find("Gid:\t65534\t65534\t65534\t65534\n"),
            std::string::npos)
      << inside;
  size_t groups = inside.find("Groups:");
  ASSERT_NE(groups, std::string::npos);
  std::string group_list =
      inside.substr(groups + 7, inside.find('\n', groups) - groups - 7);
  EXPECT_EQ(group_list.find_first_not_of(" \t"), std::string::npos)
      << "supplementary groups left: " << group_list;
  EXPECT_NE(inside.find("CapEff:\t0000000000000000\n"), std::string::npos);
  EXPECT_NE(inside.find("CapBnd:\t0000000000000000\n"), std::string::npos);
  EXPECT_NE(inside.find("NoNewPrivs:\t1\n"), std::string::npos);
}

TEST_F(SandboxTest, NobodyBindsPort80OnlyWithNetBindService) {
  MakeProbeService("bind 80 " + results_ + "/bind",
                   "user nobody\ncapabilities net_bind_service\n");
  StartSupervise();
  EXPECT_EQ(WaitForResult("bind"), "bound\n");
  ASSERT_EQ(RunProgram({ours_.svc, "-dx", service_}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] {
    return RunProgram({ours_.svok, service_}).exit_code == 100;
  }));
  unlink((results_ + "/bind").c_str());
  WriteFile(service_ + "/policy", "user nobody\n", 0644);
  StartSupervise();
  EXPECT_EQ(WaitForResult("bind"), "denied 13\n");  // EACCES
}

TEST_F(SandboxTest, SeccompDenyGivesTheErrnoOrKills) {
  MakeProbeService("uname " + results_ + "/uname",
                   "seccomp deny uname\nseccomp_action errno EUCLEAN\n");
  StartSupervise();
  EXPECT_EQ(WaitForResult("uname"), "errno " + std::to_string(EUCLEAN) + "\n");
  ASSERT_EQ(RunProgram({ours_.svc, "-dx", service_}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] {
    return RunProgram({ours_.svok, service_}).exit_code == 100;
  }));
  // With the kill action the probe dies of SIGSYS before it can report,
  // and supervise restarts it: two different pids, no result file.
  unlink((results_ + "/uname").c_str());
  WriteFile(service_ + "/policy", "seccomp deny uname\n", 0644);
  StartSupervise();
  uint32_t first = 0;
  ASSERT_TRUE(WaitUntil([&] { return (first = RunPid()) != 0; }));
  ASSERT_TRUE(WaitUntil([&] {
    uint32_t now = RunPid();
    return now != 0 && now != first;
  }));
  EXPECT_FALSE(Exists(results_ + "/uname"));
}

TEST_F(SandboxTest, ServiceSeesOnlyItsOwnFilter) {
  MakeProbeService("status " + results_ + "/status",
                   "seccomp deny ptrace\nseccomp_action errno EPERM\n");
  StartSupervise();
  std::string inside = WaitForResult("status");
  EXPECT_NE(inside.find("Seccomp:\t2\n"), std::string::npos) << inside;
  // One filter: the service's. The monitor's would make two.
  EXPECT_NE(inside.find("Seccomp_filters:\t1\n"), std::string::npos) << inside;
}

struct BadPolicy {
  const char* name;
  std::string text;
  mode_t mode;
  uid_t owner;
  std::string message;
};

TEST_F(SandboxTest, BadOrUnsafePoliciesAreRefusedAndTheServiceStaysDown) {
  const BadPolicy cases[] = {
      {"owner", "user nobody\n", 0644, 65534, "policy: not owned by root"},
      {"writable", "user nobody\n", 0664, 0,
       "policy: writable by group or others"},
      {"setting", "user nobody\nfrobnicate yes\n", 0644, 0,
       "policy: line 2: unknown setting frobnicate"},
      {"user", "user no-such-user-here\n", 0644, 0,
       "policy: unknown user no-such-user-here"},
      {"capability", "capabilities net_bind_servic\n", 0644, 0,
       "policy: line 1: unknown capability net_bind_servic"},
  };
  MakeProbeService("status " + results_ + "/status", "");
  for (const BadPolicy& bad : cases) {
    SCOPED_TRACE(bad.name);
    std::string policy = service_ + "/policy";
    unlink(policy.c_str());
    WriteFile(policy, bad.text, bad.mode);
    ASSERT_EQ(chown(policy.c_str(), bad.owner, 0), 0);
    ASSERT_EQ(chmod(policy.c_str(), bad.mode), 0);
    WriteFile(*dir_ / "err", "");
    pid_t supervise = StartSupervise();
    std::string expected = "supervise: warning: refusing to start " + service_ +
                           "/run, trying again in 5 seconds: " + service_ +
                           "/" + bad.message + "\n";
    EXPECT_TRUE(WaitUntil([&] { return ReadFile(*dir_ / "err") == expected; }))
        << ReadFile(*dir_ / "err");
    EXPECT_EQ(RunPid(), 0u);
    EXPECT_FALSE(Exists(results_ + "/status"));
    EXPECT_TRUE(ProcessAlive(supervise));
    EXPECT_NE(Svstat().find(", refused: " + bad.message + "\n"),
              std::string::npos)
        << Svstat();
    ASSERT_EQ(RunProgram({ours_.svc, "-x", service_}).exit_code, 0);
    ASSERT_TRUE(processes_.Wait(supervise, 10000).has_value());
  }
  // Fixed, it starts at the next u, and svstat drops the complaint.
  WriteFile(service_ + "/policy", "user nobody\n", 0644);
  StartSupervise();
  ASSERT_EQ(RunProgram({ours_.svc, "-u", service_}).exit_code, 0);
  EXPECT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  WaitForResult("status");
  EXPECT_EQ(Svstat().find("refused"), std::string::npos) << Svstat();
}

TEST_F(SandboxTest, ControlGroupMembersMayControlOthersMayNot) {
  struct group* adm = getgrnam("adm");
  if (adm == nullptr) GTEST_SKIP() << "no group adm";
  std::string gid = std::to_string(adm->gr_gid);
  MakeProbeService("status " + results_ + "/status", "control_group adm\n");
  StartSupervise();
  uint32_t first = 0;
  ASSERT_TRUE(WaitUntil([&] { return (first = RunPid()) != 0; }));
  auto as_nobody = [&](const std::string& groups,
                       std::vector<std::string> command) {
    std::vector<std::string> argv = {"setpriv", "--reuid=65534",
                                     "--regid=65534"};
    argv.push_back(groups.empty() ? "--clear-groups" : "--groups=" + groups);
    argv.insert(argv.end(), command.begin(), command.end());
    return RunProgram(argv);
  };
  RunResult member = as_nobody(gid, {ours_.svc, "-t", service_});
  EXPECT_EQ(member.exit_code, 0);
  EXPECT_EQ(member.err, "");
  EXPECT_TRUE(WaitUntil([&] {
    uint32_t now = RunPid();
    return now != 0 && now != first;
  }));
  EXPECT_EQ(as_nobody(gid, {ours_.svok, service_}).exit_code, 0);
  EXPECT_NE(as_nobody(gid, {ours_.svstat, service_}).out.find(": up (pid "),
            std::string::npos);

  uint32_t second = RunPid();
  RunResult outsider = as_nobody("", {ours_.svc, "-t", service_});
  EXPECT_EQ(outsider.err, "svc: warning: unable to control " + service_ +
                              ": access denied\n");
  EXPECT_EQ(as_nobody("", {ours_.svstat, service_}).out,
            service_ + ": unable to open supervise/ok: access denied\n");
  usleep(200 * 1000);
  EXPECT_EQ(RunPid(), second);
}

}  // namespace
}  // namespace tests
