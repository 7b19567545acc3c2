// supervise against the accounts around it, each attack performed by the
// unprivileged attacker account (nobody): links planted in or as
// supervise/ (F11), a uid-0 service loosening its own policy (F1), a
// delegation that outlives its policy (F6) and a control-group member
// flooding start commands (F7). The monitor's own signal scope (G4) is
// tested in supervise/monitor_lockdown_test. Needs root.
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "tests/harness.h"

namespace tests {
namespace {

// A file's bytes and mode, to show that an attack left it alone.
struct Snapshot {
  std::string bytes;
  mode_t mode = 0;
  uid_t owner = 0;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

Snapshot SnapshotOf(const std::string& path) {
  struct stat info {};
  lstat(path.c_str(), &info);
  return {ReadFile(path), info.st_mode, info.st_uid};
}

size_t CountLines(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines;
}

class HostileSuperviseTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) {
      GTEST_SKIP() << "needs root to run supervise and attack as nobody";
    }
    // Under /tmp, reachable by nobody.
    dir_ = std::make_unique<ServiceTree>("/tmp");
    results_ = dir_->results();
    service_ = *dir_ / "s";
    secret_ = *dir_ / "secret";
    WriteFile(secret_, "root only\n", 0600);
  }
  void TearDown() override {
    processes_.KillAll();
    if (dir_) KillProcessesUnder(dir_->path());
  }

  void MakeRunService(const std::string& script, const std::string& policy,
                      bool down = false) {
    MakeService(service_, script, down);
    ASSERT_EQ(chmod(service_.c_str(), 0755), 0);
    if (!policy.empty()) WriteFile(service_ + "/policy", policy, 0644);
  }

  pid_t StartSupervise() {
    WriteFile(*dir_ / "err", "");
    pid_t pid = processes_.Start({ours_.supervise, service_}, "", *dir_ / "out",
                                 *dir_ / "err");
    EXPECT_TRUE(WaitUntil([&] {
      return RunProgram({ours_.svok, service_}).exit_code == 0;
    }));
    return pid;
  }

  void StopSupervise(pid_t supervise) {
    ASSERT_EQ(RunProgram({ours_.svc, "-dx", service_}).exit_code, 0);
    ASSERT_TRUE(processes_.Wait(supervise, 10000).has_value());
  }

  std::string Stderr() { return ReadFile(*dir_ / "err"); }
  std::string Svstat() { return RunProgram({ours_.svstat, service_}).out; }
  uint32_t RunPid() {
    auto status = ReadStatus(service_);
    return status ? status->pid : 0;
  }

  // A command run as the attacker, a member of nogroup (its own group).
  RunResult AsAttacker(std::vector<std::string> command) {
    std::vector<std::string> argv = {"setpriv", "--reuid=65534",
                                     "--regid=65534", "--clear-groups"};
    argv.insert(argv.end(), command.begin(), command.end());
    return RunProgram(argv);
  }

  // A user root service with `capabilities`, its directory read-only in
  // its mount namespace, tries to remove its policy through `path`.
  void ExpectPolicyOutOfReach(const std::string& path,
                              const std::string& capabilities) {
    std::string result = results_ + "/reach";
    MakeRunService("if rm -f " + path +
                       " 2>/dev/null; then echo escaped; else echo held; "
                       "fi > " +
                       result + "\nexec sleep 100",
                   "user root\ncapabilities " + capabilities +
                       "\nprotect_system strict\nwritable " + results_ + "\n");
    pid_t supervise = StartSupervise();
    ASSERT_TRUE(WaitUntil([&] { return !ReadFile(result).empty(); }))
        << Stderr();
    EXPECT_EQ(ReadFile(result), "held\n");
    EXPECT_TRUE(Exists(service_ + "/policy"));
    StopSupervise(supervise);
  }

  std::string Refusal(const std::string& reason) {
    return "supervise: warning: refusing to start " + service_ +
           "/run, trying again in 5 seconds: " + service_ + "/" + reason;
  }

  Suite ours_ = OurSuite();
  std::unique_ptr<ServiceTree> dir_;
  std::string results_, service_, secret_;
  ProcessGroup processes_;
};

// F11: an administrator points supervise/ at a directory elsewhere; the
// attacker owns it and has planted links to a root-only file under every
// name supervise writes. supervise refuses the directory and writes
// nothing.
TEST_F(HostileSuperviseTest, SuperviseLinkedIntoAnAttackersDirectoryIsRefused) {
  std::string pub = *dir_ / "pub";
  MakeDir(pub);
  GiveToAttacker(pub);
  std::string planted = pub + "/s-supervise";
  ASSERT_EQ(RunAsAttacker([&] {
              if (mkdir(planted.c_str(), 0755) != 0) return 1;
              for (const char* name :
                   {"status.new", "status", "refused", "refused.new",
                    "run.id.new", "run.id", "deaths.new", "deaths"}) {
                std::string link = planted + "/" + name;
                if (symlink(secret_.c_str(), link.c_str()) != 0) return 2;
              }
              return 0;
            }),
            0);
  Snapshot before = SnapshotOf(secret_);
  MakeRunService("exec sleep 100", "");
  ASSERT_EQ(symlink(planted.c_str(), (service_ + "/supervise").c_str()), 0);
  RunResult result = RunProgram({ours_.supervise, service_}, "", 3000);
  EXPECT_EQ(result.exit_code, 111);
  EXPECT_EQ(result.err, "supervise: fatal: unable to use " + service_ +
                            "/supervise: owned by 65534\n");
  EXPECT_EQ(SnapshotOf(secret_), before);
  EXPECT_TRUE(ProcessesUnder(service_).empty()) << "./run was started";
}

// F11: an existing supervise/ that is not root's (or the service owner's),
// or that others may write, is never used.
TEST_F(HostileSuperviseTest, ForeignOwnedOrOpenSuperviseIsRefused) {
  MakeRunService("exec sleep 100", "");
  std::string supervise = service_ + "/supervise";
  ASSERT_EQ(mkdir(supervise.c_str(), 0700), 0);
  ASSERT_EQ(chown(supervise.c_str(), kAttackerUid, kAttackerGid), 0);
  RunResult foreign = RunProgram({ours_.supervise, service_}, "", 3000);
  EXPECT_EQ(foreign.exit_code, 111);
  EXPECT_EQ(foreign.err, "supervise: fatal: unable to use " + service_ +
                             "/supervise: owned by 65534\n");
  EXPECT_FALSE(Exists(supervise + "/status"));

  ASSERT_EQ(chown(supervise.c_str(), 0, 0), 0);
  ASSERT_EQ(chmod(supervise.c_str(), 0777), 0);
  RunResult open = RunProgram({ours_.supervise, service_}, "", 3000);
  EXPECT_EQ(open.exit_code, 111);
  EXPECT_EQ(open.err, "supervise: fatal: unable to use " + service_ +
                          "/supervise: writable by group or others\n");
  EXPECT_FALSE(Exists(supervise + "/status"));
  EXPECT_TRUE(ProcessesUnder(service_).empty()) << "./run was started";
}

// F11: the owner of a service directory (here the attacker) may own its
// supervise/ too, but the links it plants there are replaced, never
// followed, by root's supervise, before and after its lockdown.
TEST_F(HostileSuperviseTest, LinksPlantedInSuperviseAreNotFollowed) {
  // A policy the owner wrote is refused (so supervise writes "refused"),
  // and a restart-policy makes it write "deaths".
  MakeRunService("exec sleep 100", "user nobody\n");
  WriteFile(service_ + "/restart-policy", "backoff 1000 2000\n", 0644);
  GiveToAttacker(service_);
  std::string supervise = service_ + "/supervise";
  ASSERT_EQ(RunAsAttacker([&] {
              if (mkdir(supervise.c_str(), 0700) != 0) return 1;
              for (const char* name : {"status.new", "refused", "refused.new",
                                       "run.id.new", "deaths", "deaths.new"}) {
                std::string link = supervise + "/" + name;
                if (symlink(secret_.c_str(), link.c_str()) != 0) return 2;
              }
              return 0;
            }),
            0);
  Snapshot before = SnapshotOf(secret_);
  StartSupervise();
  EXPECT_TRUE(WaitUntil([&] {
    return Svstat().find(", refused: policy: not owned by root") !=
           std::string::npos;
  })) << Svstat();
  struct stat info;
  EXPECT_TRUE(WaitUntil([&] {
    return lstat((supervise + "/deaths").c_str(), &info) == 0 &&
           S_ISREG(info.st_mode);
  }));
  ASSERT_EQ(lstat((supervise + "/status").c_str(), &info), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode));
  EXPECT_EQ(SnapshotOf(secret_), before);
}

// F11 without an attacker: a supervise/ link to a trusted place still
// works, as does Debian's dangling link whose target supervise creates.
TEST_F(HostileSuperviseTest, TrustedSuperviseLinksStillWork) {
  MakeRunService("exec sleep 100", "");
  std::string elsewhere = *dir_ / "elsewhere";
  MakeDir(elsewhere);
  std::string link = service_ + "/supervise";
  ASSERT_EQ(symlink((elsewhere + "/s").c_str(), link.c_str()), 0);
  pid_t supervise = StartSupervise();
  EXPECT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  struct stat info;
  ASSERT_EQ(stat((elsewhere + "/s").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  EXPECT_TRUE(Exists(elsewhere + "/s/status"));
  StopSupervise(supervise);

  // svgroup's delegation (02750, group-owned) is trusted too.
  ASSERT_EQ(chown((elsewhere + "/s").c_str(), 0, kAttackerGid), 0);
  ASSERT_EQ(chmod((elsewhere + "/s").c_str(), 02750), 0);
  WriteFile(service_ + "/policy", "control_group nogroup\n", 0644);
  StartSupervise();
  EXPECT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  EXPECT_EQ(Stderr(), "");
}

// F1: a service confined but kept uid 0 ("user root") owns its directory
// and tries to loosen the policy of its next start. Each way ends in a
// refusal that svstat shows, never in an unconfined start.
TEST_F(HostileSuperviseTest, UidZeroServiceCannotLoosenItsNextStart) {
  struct Attack {
    const char* name;
    const char* command;
    const char* reason;
  };
  const Attack attacks[] = {
      {"delete", "rm -f policy", "policy disappeared"},
      {"replace", "rm -f policy; : > policy",
       "policy changed while its service kept uid 0; start supervise again "
       "to use it"},
      {"link", "rm -f policy; ln -s /dev/null policy", "policy: cannot open"},
      {"chmod", "chmod 666 policy", "policy: writable by group or others"},
  };
  for (const Attack& attack : attacks) {
    SCOPED_TRACE(attack.name);
    std::string starts = results_ + "/" + attack.name;
    std::string marker = starts + ".attacked";
    MakeRunService("grep '^CapEff' /proc/self/status >> " + starts +
                       "\nif [ ! -e " + marker + " ]; then : > " + marker +
                       "; " + attack.command + "; exit 1; fi\nexec sleep 100",
                   "user root\ncapabilities net_bind_service\n");
    pid_t supervise = StartSupervise();
    EXPECT_TRUE(WaitUntil([&] {
      return Stderr().find(Refusal(attack.reason)) != std::string::npos;
    })) << Stderr();
    EXPECT_EQ(ReadFile(starts), "CapEff:\t0000000000000400\n");
    EXPECT_EQ(RunPid(), 0u);
    EXPECT_NE(Svstat().find(std::string(", refused: ") + attack.reason),
              std::string::npos)
        << Svstat();
    StopSupervise(supervise);
    KillProcessesUnder(service_);
    unlink((service_ + "/policy").c_str());
  }
}

// F1 through /proc: a user root service whose mount namespace makes its
// directory read-only (protect_system strict) must not delete its policy
// through /proc/PID/cwd or /proc/PID/root of a root process, which lead out
// of that namespace. Had it worked, it would kill its monitor (same uid)
// and the supervise svscan starts next would run it unconfined. The
// kernel lets a same-uid caller through such links when it holds every
// capability the target holds: CAP_KILL for the monitor.
TEST_F(HostileSuperviseTest, UidZeroServiceCannotReachItsPolicyThroughMonitor) {
  ExpectPolicyOutOfReach("/proc/$PPID/cwd/policy", "kill");
}

// The same through any locked-down program that root runs for long, here
// readproctitle as svscanboot runs it: uid 0 without capabilities, so a
// user root service with none passes the kernel's checks.
TEST_F(HostileSuperviseTest, UidZeroServiceCannotReachItsPolicyThroughATool) {
  std::string fifo = *dir_ / "title";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Held open for writing, so readproctitle waits for input.
  int writer = open(fifo.c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(writer, 0);
  pid_t title = processes_.Start({"/bin/sh", "-c",
                                  "exec " + OurProgram("svscan/readproctitle") +
                                      " service errors: ........ < " + fifo});
  ASSERT_TRUE(
      WaitUntil([&] { return ProcStatusField(title, "NoNewPrivs") == "1"; }));
  ExpectPolicyOutOfReach(
      "/proc/" + std::to_string(title) + "/root" + service_ + "/policy",
      "none");
  close(writer);
}

// F1: a policy that confines a service but leaves it uid 0 without saying
// so is refused: it could not protect itself.
TEST_F(HostileSuperviseTest, UidZeroPolicyWithoutUserRootIsRefused) {
  std::string starts = results_ + "/starts";
  MakeRunService("echo started >> " + starts + "\nexec sleep 100",
                 "capabilities net_bind_service\nseccomp allow "
                 "@system-service\nseccomp_action errno EPERM\n");
  StartSupervise();
  std::string reason =
      "policy: confines a service that keeps uid 0; say user root if that "
      "is meant";
  EXPECT_TRUE(WaitUntil([&] { return Stderr() == Refusal(reason) + "\n"; }))
      << Stderr();
  EXPECT_EQ(RunPid(), 0u);
  EXPECT_FALSE(Exists(starts));
  EXPECT_NE(Svstat().find(", refused: " + reason), std::string::npos)
      << Svstat();
}

// F6: removing control_group from the policy takes the group's access
// away at supervise's next start; naming another group moves it there.
TEST_F(HostileSuperviseTest, ControlGroupIsRevokedWithThePolicy) {
  MakeRunService("exec sleep 100", "user nobody\ncontrol_group nogroup\n");
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  RunResult member = AsAttacker({ours_.svc, "-t", service_});
  EXPECT_EQ(member.exit_code, 0);
  EXPECT_EQ(member.err, "");
  StopSupervise(supervise);

  WriteFile(service_ + "/policy", "user nobody\n", 0644);
  pid_t second = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  uint32_t running = RunPid();
  RunResult revoked = AsAttacker({ours_.svc, "-d", service_});
  EXPECT_EQ(revoked.err, "svc: warning: unable to control " + service_ +
                             ": access denied\n");
  EXPECT_EQ(AsAttacker({ours_.svstat, service_}).out,
            service_ + ": unable to open supervise/ok: access denied\n");
  struct Expected {
    const char* name;
    mode_t mode;
  };
  for (const Expected& entry :
       {Expected{"", 0700}, Expected{"/control", 0600}, Expected{"/ok", 0600},
        Expected{"/status", 0644}}) {
    SCOPED_TRACE(entry.name);
    struct stat info;
    ASSERT_EQ(lstat((service_ + "/supervise" + entry.name).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, entry.mode);
    EXPECT_EQ(info.st_gid, 0u);
    EXPECT_EQ(info.st_uid, 0u);
  }
  usleep(200 * 1000);
  EXPECT_EQ(RunPid(), running);

  struct group* adm = getgrnam("adm");
  if (adm == nullptr) GTEST_SKIP() << "no group adm for the move";
  StopSupervise(second);
  WriteFile(service_ + "/policy", "user nobody\ncontrol_group adm\n", 0644);
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  EXPECT_EQ(
      AsAttacker({ours_.svc, "-d", service_}).err,
      "svc: warning: unable to control " + service_ + ": access denied\n");
  struct stat info;
  ASSERT_EQ(stat((service_ + "/supervise").c_str(), &info), 0);
  EXPECT_EQ(info.st_gid, adm->gr_gid);
  EXPECT_EQ(info.st_mode & 07777, 02750u);
}

// Red-team N4: in a directory another account owns, a dangling supervise
// link is theirs; root's supervise made a directory wherever it pointed.
TEST_F(HostileSuperviseTest, ADanglingLinkOfAnotherAccountMakesNothing) {
  std::string rootonly = *dir_ / "rootonly";
  MakeDir(rootonly);
  ASSERT_EQ(chmod(rootonly.c_str(), 0700), 0);
  std::string target = rootonly + "/made_by_root";
  std::string home = *dir_ / "home";
  MakeDir(home);
  GiveToAttacker(home);
  std::string theirs = home + "/svc";
  ASSERT_EQ(RunAsAttacker([&] {
              if (mkdir(theirs.c_str(), 0755) != 0) return 1;
              return symlink(target.c_str(), (theirs + "/supervise").c_str());
            }),
            0);
  MakeService(theirs, "exec sleep 100");
  GiveToAttacker(theirs);
  RunResult result = RunProgram({ours_.supervise, theirs}, "", 5000);
  EXPECT_EQ(result.exit_code, 111) << result.err;
  EXPECT_FALSE(Exists(target)) << "root made a directory through the link";
}

// Red-team N2: a member keeps a descriptor of control open across the
// revocation; supervise makes a fresh FIFO at every start, so what the
// member writes afterwards reaches nobody.
TEST_F(HostileSuperviseTest, AControlDescriptorKeptOpenIsRevokedToo) {
  MakeRunService("exec sleep 100", "user nobody\ncontrol_group nogroup\n");
  pid_t supervise = StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  std::string control = service_ + "/supervise/control";
  std::string opened = results_ + "/opened";
  pid_t member = processes_.StartAsAttacker([&] {
    close(go[1]);
    int fd = open(control.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd < 0) return 1;
    close(open(opened.c_str(), O_WRONLY | O_CREAT, 0644));
    char byte;
    if (read(go[0], &byte, 1) != 1) return 2;
    return write(fd, "d", 1) == 1 ? 0 : 3;
  });
  close(go[0]);
  ASSERT_TRUE(WaitUntil([&] { return Exists(opened); }));
  StopSupervise(supervise);
  WriteFile(service_ + "/policy", "user nobody\n", 0644);
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  uint32_t running = RunPid();
  ASSERT_EQ(write(go[1], "x", 1), 1);
  close(go[1]);
  processes_.Wait(member, 5000);
  usleep(300 * 1000);
  EXPECT_EQ(RunPid(), running) << "the revoked member stopped the service";
}

// F7: a member of the control group floods o at a ./run that exits at
// once. Every start is a root spawner reading the policy and forking: at
// most one a second, whoever asks.
TEST_F(HostileSuperviseTest, FloodOfStartCommandsIsThrottled) {
  std::string starts = results_ + "/starts";
  MakeRunService("echo started >> " + starts + "\nexit 1",
                 "user nobody\ncontrol_group nogroup\n", /*down=*/true);
  StartSupervise();
  std::string control = service_ + "/supervise/control";
  // The group gets control right after supervise opens ok: wait for it.
  ASSERT_TRUE(WaitUntil([&] {
    struct stat info;
    return stat(control.c_str(), &info) == 0 && info.st_gid == 65534 &&
           (info.st_mode & 0020) != 0;
  }));
  std::string flood(64, 'o');
  int64_t begin = MonotonicMs();
  int written = RunAsAttacker(
      [&] {
        int bytes = 0;
        while (MonotonicMs() - begin < 3000) {
          int fd = open(control.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
          if (fd < 0) return -2;
          if (write(fd, flood.data(), flood.size()) > 0) bytes = 1;
          close(fd);
          usleep(1000);
        }
        return bytes;
      },
      10000);
  std::string during = ReadFile(starts);
  ASSERT_EQ(written, 1) << "the attacker could not write to control";
  EXPECT_GE(CountLines(during), 1u);
  EXPECT_LE(CountLines(during), 4u) << "starts in 3 s of o commands";
}

// The throttle leaves the operator alone: u after a long-stable run
// starts the service at once, not a second later.
TEST_F(HostileSuperviseTest, SingleUpAfterAStableRunIsImmediate) {
  MakeRunService("exec sleep 100", "");
  StartSupervise();
  ASSERT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  usleep(1500 * 1000);
  ASSERT_EQ(RunProgram({ours_.svc, "-d", service_}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] { return RunPid() == 0; }));
  int64_t asked = MonotonicMs();
  ASSERT_EQ(RunProgram({ours_.svc, "-u", service_}).exit_code, 0);
  ASSERT_TRUE(WaitUntil([&] { return RunPid() != 0; }));
  EXPECT_LT(MonotonicMs() - asked, 900) << "u waited for a throttle";
}

}  // namespace
}  // namespace tests
