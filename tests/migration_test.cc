// Moving a running host from daemontools 0.76 to this suite without
// restarting services: a ./run left by 0.76's supervise (killed) is taken
// over by ours, never started a second time.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include "tests/harness.h"

namespace tests {
namespace {

class MigrationTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!ReferenceInstalled()) {
      GTEST_SKIP() << "Debian's daemontools is not installed";
    }
    service_ = dir_ / "web";
    // Each start appends a line, so a second instance shows.
    MakeService(service_, "echo started >> starts\nexec sleep 1000");
  }
  void TearDown() override {
    processes_.KillAll();
    KillProcessesUnder(dir_.path());
  }
  size_t Starts() {
    std::string text = ReadFile(service_ + "/starts");
    return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  }
  pid_t StatusPid() {
    std::optional<common::StatusRecord> status = ReadStatus(service_);
    return status ? static_cast<pid_t>(status->pid) : 0;
  }

  Suite ours_ = OurSuite();
  Suite theirs_ = ReferenceSuite();
  TempDir dir_;
  std::string service_;
  ProcessGroup processes_;
};

TEST_F(MigrationTest, ServiceOfAKilledZeroSevenSixSuperviseIsAdopted) {
  pid_t old_supervise = processes_.Start({theirs_.supervise, service_});
  ASSERT_TRUE(WaitUntil([&] { return StatusPid() != 0 && Starts() == 1; }));
  pid_t run = StatusPid();
  ASSERT_EQ(kill(old_supervise, SIGKILL), 0);
  ASSERT_TRUE(processes_.Wait(old_supervise, 5000).has_value());
  ASSERT_TRUE(ProcessAlive(run));

  processes_.Start({ours_.supervise, service_});
  ASSERT_TRUE(WaitUntil([&] {
    return RunProgram({ours_.svok, service_}).exit_code == 0;
  }));
  usleep(1500 * 1000);  // longer than a restart would take
  EXPECT_EQ(Starts(), 1u) << "a second instance was started";
  EXPECT_EQ(StatusPid(), run);
  EXPECT_TRUE(ProcessAlive(run));
  // Under the service directory: our monitor, its spawner and the old
  // sleep, nothing else.
  EXPECT_EQ(ProcessesUnder(service_).size(), 3u);
  ASSERT_EQ(RunProgram({ours_.svc, "-d", service_}).exit_code, 0);
  EXPECT_TRUE(WaitUntil([&] { return !ProcessAlive(run); }, 5000));
  EXPECT_TRUE(WaitUntil([&] { return StatusPid() == 0; }, 5000));
  EXPECT_EQ(Starts(), 1u);
}

TEST_F(MigrationTest, AReusedPidIsNotTakenForTheService) {
  // A status that names a live process which is not the service: this
  // test's own pid, started long before the record's stamp.
  MakeDir(service_ + "/supervise");
  common::StatusRecord record;
  record.stamp = common::Tai64nNow();
  record.pid = static_cast<uint32_t>(getpid());
  record.want = 'u';
  common::StatusBytes bytes = common::EncodeStatus(record);
  WriteFile(service_ + "/supervise/status",
            std::string(bytes.begin(), bytes.end()));
  processes_.Start({ours_.supervise, service_});
  EXPECT_TRUE(WaitUntil([&] { return Starts() == 1; }));
  EXPECT_TRUE(WaitUntil([&] {
    pid_t pid = StatusPid();
    return pid != 0 && pid != getpid();
  }));
}

}  // namespace
}  // namespace tests
