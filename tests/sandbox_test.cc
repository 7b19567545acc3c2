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

class SandboxTest : public NobodyServiceTest {
 protected:
  // Under /tmp, reachable by nobody.
  SandboxTest() : NobodyServiceTest("/tmp") {}

  // A service whose ./run execs the probe with `arguments`, under `policy`
  // (root-owned, mode 0644) unless it is empty.
  void MakeProbeService(const std::string& arguments,
                        const std::string& policy) {
    MakeService(service_, "exec " + probe_ + " " + arguments);
    ASSERT_EQ(chmod(service_.c_str(), 0755), 0);
    if (!policy.empty()) WriteFile(service_ + "/policy", policy, 0644);
  }

  uint32_t RunPid() {
    auto status = ReadStatus(service_);
    return status ? status->pid : 0;
  }
};

TEST_F(SandboxTest, MonitorIsLockedDownButTheServiceIsNot) {
  MakeProbeService("status " + results_ + "/status", "");
  pid_t monitor = StartSupervise();
  std::string inside = WaitForResult("status");
  // The monitor: only CAP_KILL, no_new_privs, its own filter.
  EXPECT_EQ(ProcStatusField(monitor, "CapEff"), "0000000000000020");
  EXPECT_EQ(ProcStatusField(monitor, "CapBnd"), "0000000000000020");
  EXPECT_EQ(ProcStatusField(monitor, "NoNewPrivs"), "1");
  EXPECT_EQ(ProcStatusField(monitor, "Seccomp"), "2");
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
  MakeProbeService(
      "uname " + results_ + "/uname",
      "user root\nseccomp deny uname\nseccomp_action errno EUCLEAN\n");
  StartSupervise();
  EXPECT_EQ(WaitForResult("uname"), "errno " + std::to_string(EUCLEAN) + "\n");
  ASSERT_EQ(RunProgram({ours_.svc, "-dx", service_}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] {
    return RunProgram({ours_.svok, service_}).exit_code == 100;
  }));
  // With the kill action the probe dies of SIGSYS before it can report,
  // and supervise restarts it: two different pids, no result file.
  unlink((results_ + "/uname").c_str());
  WriteFile(service_ + "/policy", "user root\nseccomp deny uname\n", 0644);
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
  MakeProbeService(
      "status " + results_ + "/status",
      "user root\nseccomp deny ptrace\nseccomp_action errno EPERM\n");
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
    // The warning is written before supervise/refused is.
    EXPECT_TRUE(WaitUntil([&] {
      return Svstat().find(", refused: " + bad.message + "\n") !=
             std::string::npos;
    })) << Svstat();
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

TEST_F(SandboxTest, ApplypolicyConfinesTheProgramItRuns) {
  std::string applypolicy = OurProgram("chain/applypolicy");
  std::string policy = *dir_ / "p.policy";
  WriteFile(policy,
            "user nobody\nseccomp deny uname\nseccomp_action errno EPERM\n",
            0644);
  processes_.Start(
      {applypolicy, policy, probe_, "status", results_ + "/status"});
  std::string inside = WaitForResult("status");
  EXPECT_NE(inside.find("Uid:\t65534\t"), std::string::npos) << inside;
  EXPECT_NE(inside.find("Seccomp:\t2\n"), std::string::npos) << inside;
  EXPECT_NE(inside.find("NoNewPrivs:\t1\n"), std::string::npos) << inside;

  RunResult usage = RunProgram({applypolicy, policy});
  EXPECT_EQ(usage.exit_code, 100);
  EXPECT_EQ(usage.err, "applypolicy: usage: applypolicy policyfile child\n");
  RunResult missing = RunProgram({applypolicy, policy, "./no-such-program"});
  EXPECT_EQ(missing.exit_code, 111);
  EXPECT_EQ(missing.err,
            "applypolicy: fatal: unable to run ./no-such-program: file does "
            "not exist\n");
  WriteFile(policy, "usr nobody\n", 0644);
  RunResult bad = RunProgram({applypolicy, policy, "true"});
  EXPECT_EQ(bad.exit_code, 111);
  EXPECT_EQ(bad.err, "applypolicy: fatal: " + policy +
                         ": line 1: unknown setting usr\n");
}

TEST_F(SandboxTest, SvgroupDelegatesControlWithoutFollowingLinks) {
  struct group* adm = getgrnam("adm");
  if (adm == nullptr) GTEST_SKIP() << "no group adm";
  std::string gid = std::to_string(adm->gr_gid);
  std::string svgroup = OurProgram("svc/svgroup");
  MakeProbeService("status " + results_ + "/status", "");
  StartSupervise();
  uint32_t first = 0;
  ASSERT_TRUE(WaitUntil([&] { return (first = RunPid()) != 0; }));
  std::vector<std::string> member = {
      "setpriv", "--reuid=65534", "--regid=65534", "--groups=" + gid, ours_.svc,
      "-t",      service_};
  EXPECT_EQ(RunProgram(member).err, "svc: warning: unable to control " +
                                        service_ + ": access denied\n");
  RunResult granted = RunProgram({svgroup, "adm", service_});
  EXPECT_EQ(granted.exit_code, 0) << granted.err;
  EXPECT_EQ(RunProgram(member).err, "");
  EXPECT_TRUE(WaitUntil([&] {
    uint32_t now = RunPid();
    return now != 0 && now != first;
  }));
  struct stat info;
  ASSERT_EQ(stat((service_ + "/supervise").c_str(), &info), 0);
  EXPECT_EQ(info.st_gid, adm->gr_gid);
  EXPECT_EQ(info.st_mode & 07777, 02750u);

  // A symlink planted as supervise/ok is refused, its target untouched.
  std::string target = *dir_ / "precious";
  WriteFile(target, "x", 0600);
  std::string ok = service_ + "/supervise/ok";
  ASSERT_EQ(rename(ok.c_str(), (ok + ".real").c_str()), 0);
  ASSERT_EQ(symlink(target.c_str(), ok.c_str()), 0);
  RunResult refused = RunProgram({svgroup, "adm", service_});
  EXPECT_EQ(refused.exit_code, 111);
  EXPECT_EQ(refused.err, "svgroup: warning: unable to set up " + service_ +
                             "/supervise/ok: symbolic link loop\n");
  ASSERT_EQ(stat(target.c_str(), &info), 0);
  EXPECT_EQ(info.st_gid, 0u);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  unlink(ok.c_str());
  rename((ok + ".real").c_str(), ok.c_str());

  RunResult usage = RunProgram({svgroup, "adm"});
  EXPECT_EQ(usage.exit_code, 100);
  RunResult unknown = RunProgram({svgroup, "no-such-group-x", service_});
  EXPECT_EQ(unknown.exit_code, 111);
  EXPECT_EQ(unknown.err, "svgroup: fatal: unknown group no-such-group-x\n");
}

class BaselineTest : public SandboxTest {
 protected:
  void StartSvscan() {
    std::string bin = *dir_ / "bin";
    MakeDir(bin);
    ASSERT_EQ(symlink(ours_.supervise.c_str(), (bin + "/supervise").c_str()),
              0);
    svscan_ = processes_.Start(
        {"env", "PATH=" + bin + ":/usr/bin:/bin", ours_.svscan, scan_}, "",
        *dir_ / "svscan.out", *dir_ / "svscan.err");
  }
  void TearDown() override {
    if (svscan_ > 0) kill(svscan_, SIGKILL);
    SandboxTest::TearDown();
  }
  void MakeProbe(const std::string& name, const std::string& arguments) {
    MakeService(scan_ + "/" + name, "exec " + probe_ + " " + arguments);
  }
  std::string scan_;
  pid_t svscan_ = 0;
};

TEST_F(BaselineTest, DefaultBaselineBindsEveryService) {
  scan_ = *dir_ / "service";
  MakeDir(scan_);
  MakeProbe("swap", "swapoff " + results_ + "/swap");
  MakeProbe("status", "status " + results_ + "/status");
  StartSvscan();
  // Without the baseline, root would get ENOENT here.
  EXPECT_EQ(WaitForResult("swap"), "errno " + std::to_string(EPERM) + "\n");
  std::string inside = WaitForResult("status");
  size_t at = inside.find("CapBnd:\t");
  ASSERT_NE(at, std::string::npos);
  uint64_t bounding = std::stoull(inside.substr(at + 8, 16), nullptr, 16);
  EXPECT_EQ(bounding & (1ULL << 16), 0u) << "CAP_SYS_MODULE kept";
  EXPECT_EQ(bounding & (1ULL << 22), 0u) << "CAP_SYS_BOOT kept";
  EXPECT_NE(bounding & (1ULL << 12), 0u) << "CAP_NET_ADMIN lost";
  EXPECT_EQ(ReadFile(*dir_ / "svscan.err"), "");
}

TEST_F(BaselineTest, BaselineFileReplacesTheDefault) {
  scan_ = *dir_ / "service";
  MakeDir(scan_);
  WriteFile(scan_ + "/.baseline",
            "seccomp deny uname\nseccomp_action errno EUCLEAN\n", 0644);
  MakeProbe("uname", "uname " + results_ + "/uname");
  MakeProbe("swap", "swapoff " + results_ + "/swap");
  StartSvscan();
  EXPECT_EQ(WaitForResult("uname"), "errno " + std::to_string(EUCLEAN) + "\n");
  EXPECT_EQ(WaitForResult("swap"), "errno " + std::to_string(ENOENT) + "\n");
}

TEST_F(BaselineTest, InvalidBaselineStopsSvscan) {
  scan_ = *dir_ / "service";
  MakeDir(scan_);
  WriteFile(scan_ + "/.baseline", "user nobody\n", 0644);
  RunResult result = RunProgram({ours_.svscan, scan_});
  EXPECT_EQ(result.exit_code, 111);
  EXPECT_EQ(result.err,
            "svscan: fatal: .baseline: only seccomp, seccomp_action and "
            "capabilities belong in a baseline\n");
  WriteFile(scan_ + "/.baseline", "seccomp deny nosuchcall\n", 0644);
  result = RunProgram({ours_.svscan, scan_});
  EXPECT_EQ(result.exit_code, 111);
  EXPECT_EQ(result.err,
            "svscan: fatal: .baseline: line 1: unknown syscall nosuchcall\n");
}

}  // namespace
}  // namespace tests
