// Issue 20, seen from inside real services started by supervise: the
// whole-tree stop (cgroup v2, cgroup.kill), the filesystem view (a mount
// namespace: read-only, inaccessible, writable, private /tmp, protect_*,
// the service directory read-only even to uid 0), Landlock rules,
// private network, IPC and UTS namespaces, cgroup limits, and refusals
// with the reason when the kernel cannot honour a key. Needs root; the
// services run as nobody (or as uid 0 without capabilities).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "tests/harness.h"

namespace tests {
namespace {

class ConfinementDepthTest : public NobodyServiceTest {
 protected:
  // Not under /tmp: private_tmp would hide the results there.
  ConfinementDepthTest() : NobodyServiceTest("/var/lib") {}
  void SetUp() override {
    NobodyServiceTest::SetUp();
    if (dir_) base_ = dir_->path();
  }
  void TearDown() override {
    NobodyServiceTest::TearDown();
    // The service's (now empty) cgroup, where supervise made one.
    struct stat info;
    if (!service_.empty() && stat(service_.c_str(), &info) == 0) {
      for (const char* mount : {"/sys/fs/cgroup/unified", "/sys/fs/cgroup"}) {
        rmdir((std::string(mount) + "/daemontools/svc-" +
               std::to_string(info.st_dev) + "-" + std::to_string(info.st_ino))
                  .c_str());
      }
    }
  }

  // A service running `script` under `policy` (root-owned, 0644). The
  // script runs with R set to the results directory and ends by sleeping,
  // so the service stays up.
  void MakeScriptService(const std::string& script, const std::string& policy) {
    // put NAME: standard input becomes $R/NAME at once (a reader never
    // sees it half written).
    MakeService(service_, "export R=" + results_ +
                              "\nput() { cat > $R/$1.new; mv $R/$1.new "
                              "$R/$1; }\n" +
                              script + "\nexec sleep 1000");
    ASSERT_EQ(chmod(service_.c_str(), 0755), 0);
    WriteFile(service_ + "/policy", policy, 0644);
  }

  // svc -d, then wait until svstat says the service is down.
  void TakeDown() {
    ASSERT_EQ(RunProgram({ours_.svc, "-d", service_}).exit_code, 0);
    ASSERT_TRUE(WaitUntil([&] {
      auto status = ReadStatus(service_);
      return status && status->pid == 0;
    })) << Svstat();
  }

  // The policy refuses the start: svstat shows why.
  std::string RefusalOf(const std::string& policy) {
    MakeScriptService("echo started > $R/started", policy);
    StartSupervise();
    std::string line;
    WaitUntil([&] {
      line = Svstat();
      return line.find(", refused: ") != std::string::npos;
    });
    EXPECT_FALSE(Exists(results_ + "/started"));
    return line;
  }

  std::string base_;  // the tree's path
};

// A grandchild that left ./run's process tree (its parent exited): 0.76
// never signals it.
constexpr char kDoubleFork[] =
    "sh -c 'sleep 1000 & echo $! > $R/grandchild.new; mv $R/grandchild.new "
    "$R/grandchild'";

pid_t GrandchildPid(const std::string& text) {
  return static_cast<pid_t>(std::atoi(text.c_str()));
}

TEST_F(ConfinementDepthTest, WholeTreeStopKillsADoubleForkedGrandchild) {
  if (access("/sys/fs/cgroup/unified/cgroup.procs", F_OK) != 0 &&
      access("/sys/fs/cgroup/cgroup.procs", F_OK) != 0) {
    GTEST_SKIP() << "no cgroup v2 on this host";
  }
  MakeScriptService(kDoubleFork, "user nobody\n");
  StartSupervise();
  pid_t grandchild = GrandchildPid(WaitForResult("grandchild"));
  ASSERT_GT(grandchild, 0);
  ASSERT_TRUE(ProcessAlive(grandchild));
  TakeDown();
  EXPECT_TRUE(WaitUntil([&] { return !ProcessAlive(grandchild); }, 3000))
      << "the grandchild outlived svc -d";
}

TEST_F(ConfinementDepthTest, CgroupNoKeepsDaemontoolsBehaviour) {
  MakeScriptService(kDoubleFork, "user nobody\ncgroup no\n");
  StartSupervise();
  pid_t grandchild = GrandchildPid(WaitForResult("grandchild"));
  ASSERT_GT(grandchild, 0);
  TakeDown();
  usleep(300 * 1000);
  EXPECT_TRUE(ProcessAlive(grandchild)) << "0.76 leaves it running";
}

TEST_F(ConfinementDepthTest, KillModeProcessLeavesTheTreeToo) {
  MakeScriptService(kDoubleFork, "user nobody\nkill_mode process\n");
  StartSupervise();
  pid_t grandchild = GrandchildPid(WaitForResult("grandchild"));
  ASSERT_GT(grandchild, 0);
  std::string cgroup =
      ReadFile("/proc/" + std::to_string(grandchild) + "/cgroup");
  EXPECT_NE(cgroup.find("0::/"), std::string::npos);
  EXPECT_NE(cgroup.find("/daemontools/svc-"), std::string::npos) << cgroup;
  TakeDown();
  usleep(300 * 1000);
  EXPECT_TRUE(ProcessAlive(grandchild));
}

// Each write attempt leaves "NAME ok" or "NAME failed: <shell's error>".
constexpr char kTryWrite[] =
    "try() { if (echo x > \"$2\") 2>$R/err; then echo \"$1 ok\"; else echo "
    "\"$1 failed: $(cat $R/err)\"; fi >> $R/writes; }\n";

TEST_F(ConfinementDepthTest, FilesystemViewFromInside) {
  // Trees nobody could write without the view.
  for (const char* name : {"ro", "ro/hole", "gone", "open"}) {
    MakeDir(*dir_ / name);
  }
  GiveToAttacker(*dir_ / "ro");
  GiveToAttacker(*dir_ / "open");
  WriteFile(*dir_ / "gone/secret", "secret\n", 0644);
  std::string script = std::string(kTryWrite) +
                       "cat /proc/self/mountinfo | put mountinfo\n"
                       "try ro " +
                       base_ + "/ro/f\n" + "try hole " + base_ +
                       "/ro/hole/f\n"
                       "try open " +
                       base_ +
                       "/open/f\n"
                       "try tmp /tmp/f\n"
                       "ls /tmp 2>&1 | put tmp\n"
                       "try usr /usr/f\n"
                       "cat " +
                       base_ + "/gone/secret 2>&1 | put gone\n" +
                       "echo done | put done\n";
  // strict: everything read-only; results, open and ro/hole writable.
  MakeScriptService(script,
                    "user nobody\n"
                    "protect_system strict\n"
                    "private_tmp yes\n"
                    "read_only " +
                        base_ + "/ro\n" + "writable " + results_ + " " + base_ +
                        "/open " + base_ + "/ro/hole\n" + "inaccessible " +
                        base_ + "/gone\n");
  GiveToAttacker(*dir_ / "ro/hole");
  WriteFile("/tmp/confinement_depth_marker", "host\n");
  StartSupervise();
  ASSERT_EQ(WaitForResult("done"), "done\n");
  unlink("/tmp/confinement_depth_marker");
  std::string writes = ReadFile(results_ + "/writes");
  EXPECT_NE(writes.find("ro failed: "), std::string::npos) << writes;
  EXPECT_NE(writes.find("Read-only file system"), std::string::npos) << writes;
  EXPECT_NE(writes.find("hole ok\n"), std::string::npos) << writes;
  EXPECT_NE(writes.find("open ok\n"), std::string::npos) << writes;
  EXPECT_NE(writes.find("tmp ok\n"), std::string::npos) << writes;
  EXPECT_NE(writes.find("usr failed: "), std::string::npos) << writes;
  // A private /tmp: the host's file is not there.
  EXPECT_EQ(ReadFile(results_ + "/tmp").find("confinement_depth_marker"),
            std::string::npos);
  EXPECT_NE(ReadFile(results_ + "/gone").find("Permission denied"),
            std::string::npos)
      << ReadFile(results_ + "/gone");
  std::string mounts = ReadFile(results_ + "/mountinfo");
  EXPECT_NE(mounts.find(" " + base_ + "/ro ro,"), std::string::npos) << mounts;
  EXPECT_NE(mounts.find(" / ro,"), std::string::npos) << mounts;
  EXPECT_NE(mounts.find(" /tmp rw,nosuid,nodev"), std::string::npos) << mounts;
  EXPECT_NE(mounts.find(" " + service_ + " ro,"), std::string::npos) << mounts;
}

TEST_F(ConfinementDepthTest, ServiceDirectoryIsReadOnlyEvenToUidZero) {
  // uid 0 owns the service directory: without the view it could rewrite
  // its ./run and policy.
  std::string script = std::string(kTryWrite) +
                       "try servicedir ./planted\n"
                       "try results $R/planted\n";
  MakeScriptService(script, "user root\nservice_dir read-only\n");
  StartSupervise();
  WaitUntil([&] {
    std::string writes = ReadFile(results_ + "/writes");
    return writes.find("results") != std::string::npos;
  });
  std::string writes = ReadFile(results_ + "/writes");
  EXPECT_NE(writes.find("servicedir failed: "), std::string::npos) << writes;
  EXPECT_NE(writes.find("Read-only file system"), std::string::npos) << writes;
  EXPECT_NE(writes.find("results ok"), std::string::npos) << writes;
  EXPECT_FALSE(Exists(service_ + "/planted"));
}

TEST_F(ConfinementDepthTest, LandlockRefusesAPathOutsideItsRules) {
  MakeDir(*dir_ / "outside");
  WriteFile(*dir_ / "outside/secret", "secret\n", 0644);
  MakeScriptService("cat " + base_ + "/outside/secret 2>&1 | put outside\n" +
                        "cat /etc/hostname > /dev/null && echo yes | put "
                        "inside\n",
                    "user nobody\n"
                    "landlock_execute /usr /bin /lib /lib64\n"
                    "landlock_read /etc /proc /dev\n"
                    "landlock_write /dev/null " +
                        results_ + "\n");
  StartSupervise();
  EXPECT_EQ(WaitForResult("inside"), "yes\n");
  std::string outside = WaitForResult("outside");
  EXPECT_NE(outside.find("Permission denied"), std::string::npos) << outside;
  EXPECT_EQ(outside.find("secret\n"), std::string::npos) << outside;
}

TEST_F(ConfinementDepthTest, PrivateNetworkIpcAndHostName) {
  std::string own_net = ReadFile("/proc/self/net/dev");
  MakeScriptService(
      "cat /proc/self/net/dev | put net\n"
      "uname -n | put host\n"
      "readlink /proc/self/ns/ipc | put ipc\n" +
          probe_ + " bind 18080 $R/bind &\n",
      "user nobody\n"
      "private_network yes\n"
      "private_ipc yes\n"
      "private_uts confined-host\n");
  StartSupervise();
  EXPECT_EQ(WaitForResult("host"), "confined-host\n");
  // Only lo, and it is up: 127.0.0.1 can be bound.
  std::string net = WaitForResult("net");
  size_t devices = 0;
  for (size_t at = net.find(':'); at != std::string::npos;
       at = net.find(':', at + 1)) {
    ++devices;
  }
  EXPECT_EQ(devices, 1u) << net;
  EXPECT_NE(net.find("lo:"), std::string::npos) << net;
  EXPECT_EQ(WaitForResult("bind"), "bound\n");
  char own_ipc[64] = {};
  ASSERT_GT(readlink("/proc/self/ns/ipc", own_ipc, sizeof(own_ipc) - 1), 0);
  EXPECT_NE(WaitForResult("ipc"), std::string(own_ipc) + "\n");
}

bool PidsControllerAvailable() {
  for (const char* path : {"/sys/fs/cgroup/unified/cgroup.subtree_control",
                           "/sys/fs/cgroup/cgroup.subtree_control"}) {
    if (Exists(path) && ReadFile(path).find("pids") != std::string::npos) {
      return true;
    }
  }
  return false;
}

TEST_F(ConfinementDepthTest, PidsMaxStopsTheSixthProcess) {
  if (!PidsControllerAvailable()) {
    GTEST_SKIP() << "no cgroup v2 pids controller here (on a hybrid host it "
                    "is on v1); the refusal test covers this host";
  }
  MakeScriptService(
      "for i in 1 2 3 4 5 6 7; do sleep 1000 & done 2>$R/forks.err\n"
      "ls /proc/self/task > /dev/null; echo forked | put forked\n",
      "user nobody\npids_max 5\n");
  StartSupervise();
  WaitForResult("forked");
  EXPECT_NE(ReadFile(results_ + "/forks.err").find("fork"), std::string::npos);
}

TEST_F(ConfinementDepthTest, AControllerTheKernelLacksIsARefusedStart) {
  if (PidsControllerAvailable()) {
    GTEST_SKIP() << "this host has the pids controller on cgroup v2";
  }
  std::string line = RefusalOf("user nobody\npids_max 5\n");
  EXPECT_NE(line.find("pids controller is not available"), std::string::npos)
      << line;
  // svpolicy check says the same before any start.
  RunResult check = RunProgram({OurProgram("svc/svpolicy"), "check", service_});
  EXPECT_NE(check.exit_code, 0);
  EXPECT_NE((check.out + check.err).find("pids controller is not available"),
            std::string::npos)
      << check.out << check.err;
}

TEST_F(ConfinementDepthTest, AMissingListedPathIsARefusedStartNotIgnored) {
  MakeScriptService("echo started > $R/started",
                    "user nobody\nread_only /nonexistent/path\n");
  StartSupervise();
  // The child fails before exec: the service never runs its script.
  usleep(500 * 1000);
  EXPECT_FALSE(Exists(results_ + "/started"));
  EXPECT_NE(ReadFile(*dir_ / "err").find("/nonexistent/path"),
            std::string::npos)
      << ReadFile(*dir_ / "err");
}

TEST_F(ConfinementDepthTest, ShowHasARowPerProtection) {
  MakeScriptService("",
                    "user nobody\nprotect_system strict\nprivate_tmp yes\n"
                    "landlock_read /usr\nprivate_network yes\n");
  RunResult show = RunProgram({OurProgram("svc/svpolicy"), "show", service_});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  for (const char* row : {"filesystem", "private_tmp", "landlock", "network",
                          "ipc", "uts", "cgroup"}) {
    EXPECT_NE(show.out.find(row), std::string::npos) << row << "\n" << show.out;
  }
}

}  // namespace
}  // namespace tests
