// What an operator sees when a confined service keeps dying: supervise
// records the last exit and the applied policy, says once that the filter
// killed the service, and svstat -v / -j show it (the JSON is checked with
// python's own parser). Plain svstat stays 0.76's line.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "tests/harness.h"

namespace tests {
namespace {

class VisibilityTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to run services as nobody";
    dir_ = std::make_unique<TempDir>("/tmp");
    ASSERT_EQ(chmod(dir_->path().c_str(), 0755), 0);
    service_ = *dir_ / "s";
  }
  void TearDown() override {
    processes_.KillAll();
    if (dir_) KillProcessesUnder(dir_->path());
  }
  void StartSupervise() {
    ASSERT_GT(processes_.Start({ours_.supervise, service_}, "", *dir_ / "out",
                               *dir_ / "err"),
              0);
  }
  std::string Svstat(const std::string& option) {
    std::vector<std::string> argv = {ours_.svstat};
    if (!option.empty()) argv.push_back(option);
    argv.push_back(service_);
    return RunProgram(argv).out;
  }

  Suite ours_ = OurSuite();
  std::unique_ptr<TempDir> dir_;
  std::string service_;
  ProcessGroup processes_;
};

constexpr char kWarning[] =
    "/run was killed by its seccomp filter (bad system call)";

TEST_F(VisibilityTest, ADeathByTheFilterIsNamedEverywhere) {
  MakeService(service_, "exec ls /");
  ASSERT_EQ(chmod(service_.c_str(), 0755), 0);
  WriteFile(service_ + "/policy",
            "user nobody\nseccomp deny getdents64\nseccomp_action kill\n",
            0644);
  StartSupervise();
  // At least two deaths (a restart a second), so "once" means something.
  ASSERT_TRUE(WaitUntil(
      [&] { return Svstat("-v").find("signal SYS") != std::string::npos; },
      10000))
      << Svstat("-v");
  std::string exit_file = service_ + "/supervise/exit";
  std::string first = ReadFile(exit_file);
  sleep(3);
  std::string verbose = Svstat("-v");
  EXPECT_NE(verbose.find("\n  last exit: signal SYS, killed by its seccomp "
                         "filter after 0 seconds up\n"),
            std::string::npos)
      << verbose;
  EXPECT_NE(verbose.find("\n  policy: user 65534 group 65534"),
            std::string::npos)
      << verbose;
  EXPECT_NE(verbose.find("seccomp deny "), std::string::npos) << verbose;
  std::string err = ReadFile(*dir_ / "err");
  ASSERT_NE(err.find(service_ + kWarning), std::string::npos) << err;
  size_t said = 0;
  for (size_t at = err.find(kWarning); at != std::string::npos;
       at = err.find(kWarning, at + 1)) {
    ++said;
  }
  EXPECT_EQ(said, 1u) << err;
  EXPECT_NE(first, "") << "no exit record";

  // Plain svstat: one line, no details.
  std::string plain = Svstat("");
  EXPECT_EQ(plain.find("signal"), std::string::npos) << plain;
  EXPECT_EQ(std::count(plain.begin(), plain.end(), '\n'), 1);

  // -j, read by a real JSON parser.
  std::string json = Svstat("-j");
  WriteFile(*dir_ / "status.json", json);
  RunResult parsed = RunProgram(
      {"python3", "-c",
       "import json,sys\n"
       "o=json.loads(open(sys.argv[1]).read())\n"
       "e=o['last_exit']\n"
       "assert o['supervise'] is True, o\n"
       "assert o['state'] in ('up','down'), o\n"
       "assert e['signal']==31 and e['signal_name']=='SYS' and e['seccomp'], "
       "e\n"
       "assert 'seccomp deny' in o['policy'], o\n"
       "assert isinstance(o['pid'], int) and isinstance(o['seconds'], int)\n"
       "print('ok')\n",
       *dir_ / "status.json"});
  EXPECT_EQ(parsed.out, "ok\n") << json << parsed.err;
}

TEST_F(VisibilityTest, AnOrdinaryExitIsRecordedWithItsCode) {
  MakeService(service_, "sleep 1; exit 3");
  StartSupervise();
  ASSERT_TRUE(
      WaitUntil([&] { return Exists(service_ + "/supervise/exit"); }, 10000));
  EXPECT_EQ(ReadFile(service_ + "/supervise/exit").rfind("exit 3 ", 0), 0u)
      << ReadFile(service_ + "/supervise/exit");
  EXPECT_NE(Svstat("-v").find("\n  last exit: exit 3 after 1 seconds up\n"),
            std::string::npos)
      << Svstat("-v");
  EXPECT_FALSE(Exists(service_ + "/supervise/confinement"));
  EXPECT_EQ(ReadFile(*dir_ / "err").find("seccomp"), std::string::npos);
}

}  // namespace
}  // namespace tests
