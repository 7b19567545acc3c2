// svc, svstat and svok compared with the reference daemontools on the same
// inputs: output text and exit codes must match, except where we differ on
// purpose (documented in README.md).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/status_record.h"
#include "common/unique_fd.h"
#include "tests/harness.h"

namespace tests {
namespace {

class ClientsTest : public testing::Test {
 protected:
  void SetUp() override {
    if (!ReferenceInstalled()) {
      GTEST_SKIP() << "reference daemontools not installed (make deps)";
    }
  }

  // Runs the same client with the same arguments from both suites in
  // dir_ and expects identical results.
  void ExpectSame(std::string Suite::*program,
                  const std::vector<std::string>& arguments) {
    std::vector<std::string> ours_argv = {ours_.*program};
    std::vector<std::string> reference_argv = {reference_.*program};
    ours_argv.insert(ours_argv.end(), arguments.begin(), arguments.end());
    reference_argv.insert(reference_argv.end(), arguments.begin(),
                          arguments.end());
    RunResult ours = RunProgram(ours_argv, dir_.path());
    RunResult reference = RunProgram(reference_argv, dir_.path());
    std::string what = reference_.*program;
    for (const std::string& word : arguments) what += " " + word;
    EXPECT_EQ(ours.exit_code, reference.exit_code) << what;
    EXPECT_EQ(Normalise(ours.out), Normalise(reference.out)) << what;
    EXPECT_EQ(ours.err, reference.err) << what;
  }

  // "new" (no supervise/ yet) and "stopped": supervise/FIFO left by a
  // supervise that is gone (no reader).
  void MakeNewAndStopped(const std::string& fifo) {
    MakeDir(dir_ / "new");
    MakeDir(dir_ / "stopped");
    MakeDir(dir_ / "stopped/supervise");
    ASSERT_EQ(mkfifo((dir_ / ("stopped/supervise/" + fifo)).c_str(), 0600), 0);
  }

  // A directory that looks supervised: an ok FIFO with a reader (held by
  // this test) and the given status bytes.
  void FakeSupervised(const std::string& name, const std::string& status) {
    MakeDir(dir_ / name);
    MakeDir(dir_ / (name + "/supervise"));
    std::string ok = dir_ / (name + "/supervise/ok");
    ASSERT_EQ(mkfifo(ok.c_str(), 0600), 0);
    readers_.emplace_back(open(ok.c_str(), O_RDONLY | O_NONBLOCK));
    if (!status.empty() || name == "empty") {
      WriteFile(dir_ / (name + "/supervise/status"), status);
    }
  }

  static std::string StatusBytes(uint32_t pid, uint8_t paused, uint8_t want,
                                 int age_seconds) {
    common::StatusRecord record;
    record.stamp = common::Tai64nNow();
    record.stamp.seconds -= static_cast<uint64_t>(age_seconds);
    record.pid = pid;
    record.paused = paused;
    record.want = want;
    common::StatusBytes bytes = common::EncodeStatus(record);
    return std::string(bytes.begin(), bytes.end());
  }

  Suite ours_ = OurSuite();
  Suite reference_ = ReferenceSuite();
  TempDir dir_;
  std::vector<common::UniqueFd> readers_;
};

TEST_F(ClientsTest, SvstatStates) {
  ASSERT_NO_FATAL_FAILURE(MakeNewAndStopped("ok"));
  FakeSupervised("up", StatusBytes(12345, 1, 'd', 100));
  WriteFile(dir_ / "up/down", "");
  FakeSupervised("down", StatusBytes(0, 0, 'u', 100));
  FakeSupervised("downwant", StatusBytes(0, 1, 'u', 100));
  WriteFile(dir_ / "downwant/down", "");
  FakeSupervised("bigpid", StatusBytes(0xffffffff, 0, 'u', 3));
  FakeSupervised("short", "0123456789");
  FakeSupervised("empty", "");
  FakeSupervised("nostatus", "");
  FakeSupervised("runit", StatusBytes(77, 0, 'u', 5) + std::string("\0\1", 2));
  FakeSupervised("future", StatusBytes(0, 0, 'd', -1000));
  ExpectSame(&Suite::svstat, {});
  ExpectSame(&Suite::svstat,
             {"new", "nonexistent", "stopped", "up", "down", "downwant",
              "bigpid", "short", "empty", "nostatus", "runit", "future"});
}

TEST_F(ClientsTest, SvstatUnreadableStatusGivesAnErrorNotGarbage) {
  FakeSupervised("dirstatus", "");
  MakeDir(dir_ / "dirstatus/supervise/status");
  RunResult ours = RunProgram({ours_.svstat, "dirstatus"}, dir_.path());
  EXPECT_EQ(ours.exit_code, 0);
  EXPECT_EQ(ours.out,
            "dirstatus: unable to read supervise/status: is a directory\n");
}

TEST_F(ClientsTest, SvcWarningsAndExitCodes) {
  ASSERT_NO_FATAL_FAILURE(MakeNewAndStopped("control"));
  ExpectSame(&Suite::svc, {});
  ExpectSame(&Suite::svc, {"-u"});
  ExpectSame(&Suite::svc, {"new", "nonexistent", "stopped"});
  ExpectSame(&Suite::svc, {"-dx", "new", "nonexistent", "stopped"});
  ExpectSame(&Suite::svc, {"-", "new"});
  ExpectSame(&Suite::svc, {"--", "-u"});
}

TEST_F(ClientsTest, SvcIllegalOption) {
  RunResult ours = RunProgram({ours_.svc, "-Z", "x"}, dir_.path());
  RunResult reference = RunProgram({reference_.svc, "-Z", "x"}, dir_.path());
  EXPECT_EQ(ours.exit_code, 100);
  EXPECT_EQ(reference.exit_code, 100);
  // The first line is identical; our usage line adds q 1 2 w.
  EXPECT_EQ(ours.err.substr(0, ours.err.find('\n')),
            reference.err.substr(0, reference.err.find('\n')));
  EXPECT_EQ(ours.err,
            "svc: illegal option -- Z\n"
            "svc options: u up, d down, o once, x exit, p pause, c continue, "
            "h hup, a alarm, i interrupt, t term, k kill, q quit, 1 usr1, "
            "2 usr2, w winch\n");
}

TEST_F(ClientsTest, SvcWritesTheDeduplicatedBytesInOrder) {
  for (const Suite* suite : {&ours_, &reference_}) {
    std::string name = "fifo_" + suite->name;
    MakeDir(dir_ / name);
    MakeDir(dir_ / (name + "/supervise"));
    std::string control = dir_ / (name + "/supervise/control");
    ASSERT_EQ(mkfifo(control.c_str(), 0600), 0);
    common::UniqueFd reader(open(control.c_str(), O_RDONLY | O_NONBLOCK));
    RunResult result =
        RunProgram({suite->svc, "-uuddxkpchaitkuo", name}, dir_.path());
    EXPECT_EQ(result.exit_code, 0);
    char buffer[64];
    ssize_t got = read(reader.get(), buffer, sizeof(buffer));
    ASSERT_GT(got, 0);
    EXPECT_EQ(std::string(buffer, static_cast<size_t>(got)), "udxkpchaito")
        << suite->name;
  }
}

TEST_F(ClientsTest, SvokExitCodes) {
  ASSERT_NO_FATAL_FAILURE(MakeNewAndStopped("ok"));
  FakeSupervised("running", StatusBytes(1, 0, 'u', 1));
  ExpectSame(&Suite::svok, {});
  ExpectSame(&Suite::svok, {"new"});
  ExpectSame(&Suite::svok, {"nonexistent"});
  ExpectSame(&Suite::svok, {"stopped"});
  ExpectSame(&Suite::svok, {"running"});
  ExpectSame(&Suite::svok, {"running", "extra", "ignored"});
}

TEST_F(ClientsTest, UnprivilegedCallerIsDeniedLikeTheOriginal) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to switch to nobody";
  FakeSupervised("root", StatusBytes(1, 0, 'u', 1));
  ASSERT_EQ(chmod(dir_.path().c_str(), 0755), 0);
  for (std::string Suite::*program :
       {&Suite::svstat, &Suite::svok, &Suite::svc}) {
    RunResult ours = RunProgram({"setpriv", "--reuid=65534", "--regid=65534",
                                 "--clear-groups", ours_.*program, "root"},
                                dir_.path());
    RunResult reference =
        RunProgram({"setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", reference_.*program, "root"},
                   dir_.path());
    EXPECT_EQ(ours.exit_code, reference.exit_code) << reference_.*program;
    EXPECT_EQ(ours.out, reference.out) << reference_.*program;
    EXPECT_EQ(ours.err, reference.err) << reference_.*program;
  }
}

}  // namespace
}  // namespace tests
