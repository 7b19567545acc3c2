// The clients (svc, svstat, svok, svgroup) run by root on a tree another
// account can write: each test performs one attack of the security review
// (F2, F3, F8, F16, G3) as that account (nobody) and checks that root's
// tool was not steered. The victim is a root-only file in a root-only
// directory; it must stay byte-for-byte and mode-for-mode the same, and
// nothing of it may appear in the tool's output.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

#include "common/status_record.h"
#include "common/tai64n.h"
#include "tests/harness.h"

namespace tests {
namespace {

constexpr char kSecret[] =
    "root:$y$j9T$SECRETHASHxxxxxxxx:19700:0:99999:7:::\n";

std::string StatusBytes(uint32_t pid) {
  common::StatusRecord record;
  record.stamp = common::Tai64nNow();
  record.pid = pid;
  record.want = 'u';
  common::StatusBytes bytes = common::EncodeStatus(record);
  return std::string(bytes.begin(), bytes.end());
}

class HostileTreeTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) {
      GTEST_SKIP() << "needs root: the attacks are made by nobody against "
                      "root's tools";
    }
    dir_ = std::make_unique<TempDir>("/tmp");
    ASSERT_EQ(chmod(dir_->path().c_str(), 0755), 0);
    MakeDir(*dir_ / "rootonly");
    ASSERT_EQ(chmod((*dir_ / "rootonly").c_str(), 0700), 0);
    victim_ = *dir_ / "rootonly/victim";
    WriteFile(victim_, kSecret, 0600);
    home_ = *dir_ / "home";
    MakeDir(home_);
    GiveToAttacker(home_);
  }
  void TearDown() override {
    processes_.KillAll();
    if (dir_) KillProcessesUnder(dir_->path());
  }

  void ExpectVictimUntouched() {
    EXPECT_EQ(ReadFile(victim_), kSecret);
    struct stat info;
    ASSERT_EQ(stat(victim_.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0600u);
    EXPECT_EQ(info.st_uid, 0u);
  }

  // The attacker's service directory `name` in their home, with a
  // supervise/ made by `plant` (run as the attacker; returns 0 on success).
  std::string Plant(const std::string& name,
                    const std::function<int(const std::string&)>& plant) {
    std::string service = home_ + "/" + name;
    int result = RunAsAttacker([&] {
      if (mkdir(service.c_str(), 0755) != 0) return 1;
      if (mkdir((service + "/supervise").c_str(), 0755) != 0) return 2;
      return plant(service + "/supervise");
    });
    EXPECT_EQ(result, 0) << "planting " << name;
    return service;
  }

  // Keeps a reader on FIFO `path` (as the attacker), as a running
  // supervise would, so that opening it for writing succeeds.
  void HoldFifoOpen(const std::string& path, bool fill) {
    pid_t holder = processes_.StartAsAttacker([path, fill] {
      int fd = open(path.c_str(), O_RDWR | O_NONBLOCK);
      if (fd < 0) return 1;
      if (fill) {
        char block[4096] = {};
        while (write(fd, block, sizeof(block)) > 0) {
        }
        // Single bytes until not even one fits.
        while (write(fd, block, 1) > 0) {
        }
      }
      for (;;) pause();
    });
    ASSERT_GT(holder, 0);
    // Held once a writer can open it.
    ASSERT_TRUE(WaitUntil(
        [&] {
          int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK);
          if (fd < 0) return false;
          close(fd);
          return true;
        },
        5000));
    if (fill) usleep(100000);  // let the holder fill it
  }

  // A real root service under our supervise, up.
  std::string StartRootService(const std::string& name) {
    std::string service = *dir_ / name;
    MakeService(service, "exec sleep 1000");
    pid_t pid = processes_.Start({ours_.supervise, service});
    EXPECT_GT(pid, 0);
    EXPECT_TRUE(WaitUntil([&] {
      std::optional<common::StatusRecord> status = ReadStatus(service);
      return status && status->pid != 0;
    }));
    return service;
  }

  Suite ours_ = OurSuite();
  std::unique_ptr<TempDir> dir_;
  std::string victim_;
  std::string home_;
  ProcessGroup processes_;
};

// F2: supervise/control -> victim. 0.76 and our old svc wrote "dx" over
// the first bytes of the victim.
TEST_F(HostileTreeTest, SvcDoesNotWriteThroughAControlLink) {
  std::string service = Plant("hostile", [&](const std::string& supervise) {
    return symlink(victim_.c_str(), (supervise + "/control").c_str());
  });
  RunResult svc = RunProgram({ours_.svc, "-dx", service});
  EXPECT_EQ(svc.exit_code, 0);
  EXPECT_EQ(svc.err, "svc: warning: unable to control " + service +
                         ": supervise/control symbolic link\n");
  ExpectVictimUntouched();
}

// F2, another way: control is a regular file of the attacker's.
TEST_F(HostileTreeTest, SvcWritesOnlyIntoAFifo) {
  std::string service = Plant("file", [&](const std::string& supervise) {
    return close(
        open((supervise + "/control").c_str(), O_WRONLY | O_CREAT, 0666));
  });
  RunResult svc = RunProgram({ours_.svc, "-d", service});
  EXPECT_EQ(svc.err, "svc: warning: unable to control " + service +
                         ": supervise/control not a FIFO\n");
  EXPECT_EQ(ReadFile(service + "/supervise/control"), "");
}

// A supervise/ link from the attacker's directory to a root service's
// supervise/ would make root's "svc -d ~attacker/svc" stop that service.
TEST_F(HostileTreeTest, SvcDoesNotFollowASuperviseLinkIntoAnotherAccount) {
  std::string root_service = StartRootService("db");
  std::string service = home_ + "/web";
  ASSERT_EQ(RunAsAttacker([&] {
              if (mkdir(service.c_str(), 0755) != 0) return 1;
              return symlink((root_service + "/supervise").c_str(),
                             (service + "/supervise").c_str());
            }),
            0);
  RunResult svc = RunProgram({ours_.svc, "-d", service});
  EXPECT_EQ(svc.err,
            "svc: warning: unable to control " + service +
                ": supervise/ linked to a directory of another account\n");
  usleep(200000);
  std::optional<common::StatusRecord> status = ReadStatus(root_service);
  ASSERT_TRUE(status);
  EXPECT_NE(status->pid, 0u) << "the root service was stopped";
  RunResult svstat = RunProgram({ours_.svstat, service});
  EXPECT_EQ(svstat.out,
            service +
                ": unable to open supervise/ok: supervise/ linked to a "
                "directory of another account\n");
}

// F8: the first directory's control FIFO is full and held open; svc must
// give up on it within a second and still reach the second directory.
TEST_F(HostileTreeTest, SvcMovesOnFromAFullControlFifo) {
  std::string root_service = StartRootService("plain");
  std::string full = Plant("full", [](const std::string& supervise) {
    return mkfifo((supervise + "/control").c_str(), 0622);
  });
  HoldFifoOpen(full + "/supervise/control", /*fill=*/true);
  auto start = std::chrono::steady_clock::now();
  RunResult svc = RunProgram({ours_.svc, "-d", full, root_service}, "", 3000);
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(svc.exit_code, 0) << "svc hung (killed after 3 s)";
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_EQ(svc.err, "svc: warning: unable to control " + full +
                         ": timed out: supervise/control is full\n");
  EXPECT_TRUE(WaitUntil(
      [&] {
        std::optional<common::StatusRecord> status = ReadStatus(root_service);
        return status && status->pid == 0;
      },
      3000))
      << "the second directory did not obey";
}

// F3: refused -> a root-only file. Our old svstat printed its first line.
TEST_F(HostileTreeTest, SvstatPrintsNothingThroughARefusedLink) {
  std::string service = Plant("leak", [&](const std::string& supervise) {
    WriteFile(supervise + "/status", StatusBytes(0));
    if (mkfifo((supervise + "/ok").c_str(), 0622) != 0) return 1;
    return symlink(victim_.c_str(), (supervise + "/refused").c_str());
  });
  HoldFifoOpen(service + "/supervise/ok", false);
  RunResult svstat = RunProgram({ours_.svstat, service});
  EXPECT_EQ(svstat.exit_code, 0);
  EXPECT_EQ(svstat.out.find("SECRET"), std::string::npos) << svstat.out;
  EXPECT_EQ(Normalise(svstat.out),
            service + ": down x seconds, normally up, want up\n");
}

// F3: status -> a root-only file leaked 4 bytes of it as the "pid".
TEST_F(HostileTreeTest, SvstatDoesNotReadStatusThroughALink) {
  std::string service = Plant("statuslink", [&](const std::string& sv) {
    if (mkfifo((sv + "/ok").c_str(), 0622) != 0) return 1;
    return symlink(victim_.c_str(), (sv + "/status").c_str());
  });
  HoldFifoOpen(service + "/supervise/ok", false);
  RunResult svstat = RunProgram({ours_.svstat, service});
  EXPECT_EQ(svstat.out,
            service + ": unable to read supervise/status: symbolic link\n");
}

// F3: the attacker's escape sequences must not reach root's terminal.
TEST_F(HostileTreeTest, SvstatPrintsNoControlBytes) {
  std::string service = Plant("escapes", [&](const std::string& supervise) {
    WriteFile(supervise + "/status", StatusBytes(0));
    WriteFile(supervise + "/refused",
              "x\033]0;owned-title\007\033[2J\033[31mFAKE: all up\033[0m\n");
    return mkfifo((supervise + "/ok").c_str(), 0622);
  });
  HoldFifoOpen(service + "/supervise/ok", false);
  RunResult svstat = RunProgram({ours_.svstat, service});
  EXPECT_EQ(svstat.out.find('\033'), std::string::npos);
  EXPECT_EQ(svstat.out.find('\007'), std::string::npos);
  EXPECT_EQ(Normalise(svstat.out),
            service +
                ": down x seconds, normally up, want up, refused: "
                "x?]0;owned-title??[2J?[31mFAKE: all up?[0m\n");
}

// F16: ok -> a root-only file: our old svok opened it for writing and
// said "running".
TEST_F(HostileTreeTest, SvokDoesNotTakeALinkForARunningSupervise) {
  std::string service = Plant("okspoof", [&](const std::string& supervise) {
    return symlink(victim_.c_str(), (supervise + "/ok").c_str());
  });
  RunResult svok = RunProgram({ours_.svok, service});
  EXPECT_EQ(svok.exit_code, 100) << svok.err;
  RunResult svstat = RunProgram({ours_.svstat, service});
  EXPECT_EQ(svstat.out, service + ": supervise not running\n");
  ExpectVictimUntouched();
}

// Red-team N5: down -> a path in a root-only directory; root's svstat
// told whether it exists ("normally up" only when it did not).
TEST_F(HostileTreeTest, SvstatDoesNotTellWhetherALinkedPathExists) {
  std::string outputs[2];
  int index = 0;
  for (std::string target : {victim_, *dir_ / "rootonly/absent"}) {
    std::string name = "probe" + std::to_string(index);
    std::string service = Plant(name, [&](const std::string& supervise) {
      WriteFile(supervise + "/status", StatusBytes(0));
      return mkfifo((supervise + "/ok").c_str(), 0622);
    });
    ASSERT_EQ(RunAsAttacker([&] {
                return symlink(target.c_str(), (service + "/down").c_str());
              }),
              0);
    HoldFifoOpen(service + "/supervise/ok", false);
    std::string out = RunProgram({ours_.svstat, service}).out;
    outputs[index++] = Normalise(out.substr(service.size()));
  }
  EXPECT_EQ(outputs[0], outputs[1]);
}

// G3: the attacker swaps their delegated directory for a link to a root
// service; root's svgroup must not give them that service.
TEST_F(HostileTreeTest, SvgroupRefusesALinkedDirectory) {
  std::string root_service = StartRootService("db");
  std::string web = home_ + "/web";
  ASSERT_EQ(
      RunAsAttacker([&] { return symlink(root_service.c_str(), web.c_str()); }),
      0);
  RunResult svgroup = RunProgram({OurProgram("svc/svgroup"), "nogroup", web});
  EXPECT_EQ(svgroup.exit_code, 111);
  EXPECT_EQ(svgroup.err, "svgroup: warning: unable to set up " + web +
                             ": the path has a symbolic link; name the real "
                             "directory\n");
  struct stat info;
  ASSERT_EQ(stat((root_service + "/supervise").c_str(), &info), 0);
  EXPECT_EQ(info.st_gid, 0u);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  ASSERT_EQ(stat((root_service + "/supervise/control").c_str(), &info), 0);
  EXPECT_EQ(info.st_gid, 0u);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  // The attacker still cannot stop the service.
  EXPECT_NE(RunAsAttacker([&] {
              return open((root_service + "/supervise/control").c_str(),
                          O_WRONLY | O_NONBLOCK) >= 0
                         ? 0
                         : 1;
            }),
            0);
}

}  // namespace
}  // namespace tests
