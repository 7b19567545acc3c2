// multilog, ours against the reference daemontools 0.76 where the outputs
// are comparable (the rts.tests checks, stderr, status files, messages and
// exit codes), and ours alone for what must hold of real log directories:
// rotation bounds, processors, crash recovery after kill -9, a file-size
// limit that pauses writing, ALRM and TERM, and the directory lock.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/harness.h"

namespace tests {
namespace {

const char kTheirs[] = "/usr/bin/multilog";

std::string Ours() { return OurProgram("log/multilog"); }

// Replaces each TAI64N label ("@" and 24 hex digits) with @x...x, as
// rts.tests does, so stamped outputs compare.
std::string MaskLabels(std::string text) {
  for (size_t at = text.find('@'); at != std::string::npos;
       at = text.find('@', at + 1)) {
    if (at + 25 > text.size()) break;
    if (std::all_of(text.begin() + at + 1, text.begin() + at + 25,
                    [](char c) { return isxdigit(c); })) {
      text.replace(at + 1, 24, std::string(24, 'x'));
    }
  }
  return text;
}

std::vector<std::string> Archives(const std::string& dir) {
  std::vector<std::string> archives;
  for (const std::string& name : ListDir(dir)) {
    if (name[0] == '@') archives.push_back(name);
  }
  return archives;
}

// Everything a log directory holds, oldest first: archives by name, then
// current.
std::string AllLogged(const std::string& dir) {
  std::string all;
  for (const std::string& archive : Archives(dir)) {
    all += ReadFile(dir + "/" + archive);
  }
  if (Exists(dir + "/current")) all += ReadFile(dir + "/current");
  return all;
}

mode_t ModeOf(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 07777;
}

class MultilogTest : public testing::Test {
 protected:
  // Runs multilog with `arguments` (shell words) and `input` on stdin.
  RunResult Run(const std::string& program, const std::string& arguments,
                const std::string& input, const std::string& cwd = "") {
    std::string where = cwd.empty() ? dir_.path() : cwd;
    WriteFile(where + "/.input", input);
    return RunProgram(
        {"/bin/sh", "-c", "exec \"$0\" " + arguments + " < .input", program},
        where);
  }

  // Both suites in fresh subdirectories; outputs, exit codes and the named
  // files must be equal.
  void ExpectSame(const std::string& arguments, const std::string& input,
                  const std::vector<std::string>& files = {}) {
    static int round = 0;
    std::string ours_dir = dir_ / ("ours" + std::to_string(round));
    std::string theirs_dir = dir_ / ("theirs" + std::to_string(round));
    ++round;
    MakeDir(ours_dir);
    MakeDir(theirs_dir);
    RunResult ours = Run(Ours(), arguments, input, ours_dir);
    RunResult theirs = Run(kTheirs, arguments, input, theirs_dir);
    EXPECT_EQ(ours.exit_code, theirs.exit_code) << arguments;
    EXPECT_EQ(MaskLabels(ours.out), MaskLabels(theirs.out)) << arguments;
    EXPECT_EQ(MaskLabels(ours.err), MaskLabels(theirs.err)) << arguments;
    for (const std::string& file : files) {
      EXPECT_EQ(MaskLabels(ReadFile(ours_dir + "/" + file)),
                MaskLabels(ReadFile(theirs_dir + "/" + file)))
          << arguments << ": " << file;
      EXPECT_EQ(ModeOf(ours_dir + "/" + file), ModeOf(theirs_dir + "/" + file))
          << arguments << ": " << file;
    }
  }

  TempDir dir_;
};

// A multilog reading from a FIFO the test writes to, so the test decides
// when lines arrive and when input ends.
class LiveMultilog {
 public:
  LiveMultilog(ProcessGroup& group, const std::string& cwd,
               const std::string& arguments, const std::string& launcher = "")
      : group_(group), cwd_(cwd), arguments_(arguments), launcher_(launcher) {
    std::string fifo = cwd + "/.fifo";
    mkfifo(fifo.c_str(), 0600);
    // Read-write, so opening does not wait for a reader and a restarted
    // multilog finds the unread lines still there.
    writer_ = open(fifo.c_str(), O_RDWR | O_CLOEXEC);
    Start();
  }
  ~LiveMultilog() {
    if (writer_ >= 0) close(writer_);
  }

  void Start() {
    pid_ = group_.Start(
        {"/bin/sh", "-c",
         "exec " + launcher_ + " \"$0\" " + arguments_ + " < .fifo", Ours()},
        cwd_, "", cwd_ + "/.stderr");
    // Ready once its stdin is the FIFO: only then may the test end input.
    std::string stdin_link = "/proc/" + std::to_string(pid_) + "/fd/0";
    WaitUntil([&] {
      char target[4096];
      ssize_t length = readlink(stdin_link.c_str(), target, sizeof(target));
      return length > 0 && std::string(target, static_cast<size_t>(length))
                               .ends_with("/.fifo");
    });
  }
  void Write(const std::string& text) {
    ASSERT_EQ(write(writer_, text.data(), text.size()),
              static_cast<ssize_t>(text.size()));
  }
  void EndInput() {
    close(writer_);
    writer_ = -1;
  }
  // The exit code, or -1 if it did not exit in time or was killed.
  int WaitExit(int timeout_ms = 15000) {
    std::optional<int> status = group_.Wait(pid_, timeout_ms);
    if (!status || !WIFEXITED(*status)) return -1;
    return WEXITSTATUS(*status);
  }
  void Kill(int signal_number) { kill(pid_, signal_number); }
  std::string Stderr() const { return ReadFile(cwd_ + "/.stderr"); }
  pid_t pid() const { return pid_; }

 private:
  ProcessGroup& group_;
  std::string cwd_;
  std::string arguments_;
  std::string launcher_;
  int writer_ = -1;
  pid_t pid_ = -1;
};

std::string Lines(int first, int count, int width = 20) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    std::string line = "line " + std::to_string(i) + " ";
    line.resize(static_cast<size_t>(width), '.');
    text += line + "\n";
  }
  return text;
}

TEST_F(MultilogTest, RtsChecksMatchTheReference) {
  if (!ReferenceInstalled()) GTEST_SKIP() << "reference not installed";
  ExpectSame("", "one\ntwo\n");               // 22
  ExpectSame("e", "one\ntwo\n");              // 23
  ExpectSame("e", "one\ntwo");                // 24
  ExpectSame("e e", "one\ntwo\n");            // 25
  ExpectSame("'-*' e", "one\ntwo\n");         // 26
  ExpectSame("'-*' '+one' e", "one\ntwo\n");  // 27
  ExpectSame("e", std::string(198, '1') + "\n" + std::string(200, '2') + "\n" +
                      std::string(201, '3') + "\n");          // 28
  ExpectSame("=test.status", "one\ntwo\n", {"test.status"});  // 29
  ExpectSame("t e", "ONE\nTWO\n");                            // 30
}

TEST_F(MultilogTest, ActionsAndMessagesMatchTheReference) {
  if (!ReferenceInstalled()) GTEST_SKIP() << "reference not installed";
  ExpectSame("e t e tx ex", "a\n");
  ExpectSame("t '-*' '+@* b*' e", "a\nb c\nbb\n");
  ExpectSame("'-* *' e '+*' =st '-one' e", "one\ntwo three\none two\n", {"st"});
  ExpectSame("e", std::string(3000, 'z') + "\nshort\n");
  ExpectSame("=st", std::string(1500, 'z') + "\n", {"st"});
  ExpectSame("./log", "one\ntwo", {"log/current", "log/state", "log/lock"});
  ExpectSame("'-*' ./log '+b*' ./log2", "a\nb\n",
             {"log/current", "log2/current"});
  ExpectSame("./missing/log", "x\n");
  ExpectSame("=missing/st", "x\n");
  WriteFile(dir_ / "plain", "");
  ExpectSame("../plain", "x\n");
}

TEST_F(MultilogTest, CurrentThatIsADirectoryIsFatalAsInTheReference) {
  if (!ReferenceInstalled()) GTEST_SKIP() << "reference not installed";
  for (const char* suite : {"ours", "theirs"}) {
    MakeDir(dir_ / suite);
    MakeDir(dir_ / suite + "/log");
    MakeDir(dir_ / suite + "/log/current");
  }
  RunResult ours = Run(Ours(), "./ours/log", "x\n");
  RunResult theirs = Run(kTheirs, "./theirs/log", "x\n");
  EXPECT_EQ(ours.exit_code, 111);
  EXPECT_EQ(ours.exit_code, theirs.exit_code);
  EXPECT_EQ(ours.err,
            "multilog: fatal: unable to append to ./ours/log/current: "
            "is a directory\n");
}

TEST_F(MultilogTest, SecondInstanceCannotLockTheDirectory) {
  ProcessGroup group;
  LiveMultilog first(group, dir_.path(), "./log");
  ASSERT_TRUE(WaitUntil([&] { return Exists(dir_ / "log/current"); }));
  RunResult second = Run(Ours(), "./log", "x\n");
  EXPECT_EQ(second.exit_code, 111);
  EXPECT_EQ(second.err,
            "multilog: fatal: unable to lock directory ./log: temporary "
            "failure\n");
  if (ReferenceInstalled()) {
    RunResult theirs = Run(kTheirs, "./log", "x\n");
    EXPECT_EQ(theirs.exit_code, second.exit_code);
    EXPECT_EQ(theirs.err, second.err);
  }
  first.EndInput();
  EXPECT_EQ(first.WaitExit(), 0);
}

TEST_F(MultilogTest, RotationKeepsFilesBoundedAndEveryLineOnce) {
  std::string input = Lines(0, 5000, 37);
  RunResult result = Run(Ours(), "s4096 n4 ./log", input);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> archives = Archives(dir_ / "log");
  ASSERT_EQ(archives.size(), 3u);  // n4: three archives and current
  std::string kept;
  for (const std::string& archive : archives) {
    std::string path = dir_ / "log/" + archive;
    std::string content = ReadFile(path);
    EXPECT_LE(content.size(), 4096u) << archive;
    EXPECT_GE(content.size(), 4096u - 2000u) << archive;
    EXPECT_EQ(content.back(), '\n') << archive;
    EXPECT_EQ(archive.size(), 27u);
    EXPECT_EQ(archive.substr(25), ".s");
    EXPECT_EQ(ModeOf(path), 0744u);
    kept += content;
  }
  kept += ReadFile(dir_ / "log/current");
  EXPECT_EQ(ModeOf(dir_ / "log/current"), 0744u);
  EXPECT_EQ(ModeOf(dir_ / "log/lock"), 0600u);
  EXPECT_EQ(ModeOf(dir_ / "log"), 0700u);
  // What is kept is exactly the end of the input, in order.
  ASSERT_LE(kept.size(), input.size());
  EXPECT_EQ(kept, input.substr(input.size() - kept.size()));
  EXPECT_EQ(kept.front(), 'l');  // begins on a whole line
}

TEST_F(MultilogTest, LinesLongerThanAFileAreSplitNotLost) {
  std::string input = std::string(10000, 'q') + "\nend\n";
  RunResult result = Run(Ours(), "s4096 n100 ./log", input);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(AllLogged(dir_ / "log"), input);
  for (const std::string& archive : Archives(dir_ / "log")) {
    EXPECT_LE(ReadFile(dir_ / "log/" + archive).size(), 4096u);
  }
}

TEST_F(MultilogTest, ProcessorOutputIsArchivedAndStateCarriesOver) {
  // The processor upper-cases the file and counts its runs in state.
  std::string input = Lines(0, 400, 30);
  RunResult result = Run(
      Ours(), "s4096 n100 '!tr a-z A-Z; n=$(cat <&4); echo $((n+1)) >&5' ./log",
      input);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> archives = Archives(dir_ / "log");
  ASSERT_GE(archives.size(), 2u);
  std::string all;
  for (const std::string& archive : archives) {
    all += ReadFile(dir_ / "log/" + archive);
  }
  all += ReadFile(dir_ / "log/current");
  std::string expected_archived =
      all.substr(0, all.size() - ReadFile(dir_ / "log/current").size());
  std::string upper = input;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  EXPECT_EQ(expected_archived, upper.substr(0, expected_archived.size()));
  EXPECT_EQ(ReadFile(dir_ / "log/state"),
            std::to_string(archives.size()) + "\n");
  EXPECT_FALSE(Exists(dir_ / "log/previous"));
  EXPECT_FALSE(Exists(dir_ / "log/processed"));
  EXPECT_FALSE(Exists(dir_ / "log/newstate"));
}

// The processor is started by the helper forked before multilog locked
// itself down, so multilog's filter and no_new_privs do not bind it.
TEST_F(MultilogTest, ProcessorIsNotBoundByMultilogsLockdown) {
  RunResult result = Run(Ours(),
                         "s4096 '!grep -E \"^(Seccomp|NoNewPrivs):\" "
                         "/proc/self/status; cat >/dev/null' ./log",
                         Lines(0, 100, 30));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> archives = Archives(dir_ / "log");
  ASSERT_EQ(archives.size(), 1u);
  EXPECT_EQ(ReadFile(dir_ / "log/" + archives[0]),
            "NoNewPrivs:\t0\nSeccomp:\t0\n");
}

// A processor sees only its five descriptors (and stderr), whatever
// multilog was started with.
TEST_F(MultilogTest, ProcessorGetsOnlyItsDescriptors) {
  RunResult result = Run(Ours(),
                         "s4096 '!cat >/dev/null; ls /proc/self/fd | sort -n "
                         "| tr \"\\n\" \" \"' ./log 3</dev/null 7</dev/null",
                         Lines(0, 100, 30));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> archives = Archives(dir_ / "log");
  ASSERT_EQ(archives.size(), 1u);
  // ls itself opens one more descriptor, the lowest free one (3): an
  // inherited 3 or 7 would show as an extra number.
  EXPECT_EQ(ReadFile(dir_ / "log/" + archives[0]), "0 1 2 3 4 5 ");
}

TEST_F(MultilogTest, FailingProcessorIsRetriedWithAWarning) {
  // Fails on its first run (no marker yet), succeeds afterwards.
  ProcessGroup group;
  LiveMultilog log(group, dir_.path(),
                   "s4096 '!if [ -e ../ok ]; then cat; else touch ../ok; "
                   "exit 1; fi' ./log");
  std::string input = Lines(0, 150, 30);
  log.Write(input);
  ASSERT_TRUE(WaitUntil(
      [&] {
        return log.Stderr().find(
                   "multilog: warning: processor failed in "
                   "./log, pausing") != std::string::npos;
      },
      10000))
      << log.Stderr();
  ASSERT_TRUE(
      WaitUntil([&] { return !Archives(dir_ / "log").empty(); }, 15000));
  log.EndInput();
  EXPECT_EQ(log.WaitExit(), 0);
  EXPECT_EQ(AllLogged(dir_ / "log"), input);
}

TEST_F(MultilogTest, KillNineLosesAndDuplicatesNothing) {
  ProcessGroup group;
  auto log =
      std::make_unique<LiveMultilog>(group, dir_.path(), "s4096 n1000 ./log");
  std::string sent;
  auto send_and_wait = [&](const std::string& text) {
    log->Write(text);
    sent += text;
    // Written through to the directory, in current or an archive.
    ASSERT_TRUE(WaitUntil([&] { return AllLogged(dir_ / "log") == sent; }))
        << "sent " << sent.size() << " logged "
        << AllLogged(dir_ / "log").size();
  };
  for (int round = 0; round < 6; ++round) {
    send_and_wait(Lines(round * 100, 100, 33));
    // Every other round ends inside a line: the partial line is on disk.
    if (round % 2 == 1)
      send_and_wait("partial line of round " + std::to_string(round));
    log->Kill(SIGKILL);
    EXPECT_EQ(log->WaitExit(), -1);
    log->Start();
    ASSERT_TRUE(WaitUntil([&] {
      return Exists(dir_ / "log/current") &&
             ModeOf(dir_ / "log/current") == 0644;
    }));
  }
  send_and_wait("the end\n");
  log->EndInput();
  EXPECT_EQ(log->WaitExit(), 0);
  EXPECT_EQ(AllLogged(dir_ / "log"), sent);
  bool salvaged = false;
  for (const std::string& archive : Archives(dir_ / "log")) {
    salvaged = salvaged || archive.substr(25) == ".u";
  }
  EXPECT_TRUE(salvaged) << "a killed current is kept as a .u archive";
}

TEST_F(MultilogTest, KillNineDuringAProcessorKeepsTheInput) {
  ProcessGroup group;
  WriteFile(dir_ / "block", "");
  // The processor waits while ../block exists.
  auto log = std::make_unique<LiveMultilog>(
      group, dir_.path(),
      "s4096 '!while [ -e ../block ]; do sleep 0.05; done; cat' ./log");
  std::string input = Lines(0, 150, 30);
  log->Write(input);
  // processed is made when the processor is about to run, after every
  // byte read is in current; previous appears earlier, within the window
  // in which a SIGKILL loses a read (see README).
  ASSERT_TRUE(WaitUntil([&] { return Exists(dir_ / "log/processed"); }));
  log->Kill(SIGKILL);
  EXPECT_EQ(log->WaitExit(), -1);
  unlink((dir_ / "block").c_str());
  KillProcessesUnder(dir_ / "log");  // the orphaned processor
  log->Start();
  std::string more = Lines(1000, 10, 30);
  log->Write(more);
  log->EndInput();
  EXPECT_EQ(log->WaitExit(), 0) << log->Stderr();
  EXPECT_EQ(AllLogged(dir_ / "log"), input + more);
  EXPECT_FALSE(Exists(dir_ / "log/previous"));
}

TEST_F(MultilogTest, FileSizeLimitPausesUntilThereIsRoom) {
  if (!Exists("/usr/bin/prlimit")) GTEST_SKIP() << "prlimit not installed";
  ProcessGroup group;
  LiveMultilog log(group, dir_.path(), "./log",
                   "/usr/bin/prlimit --fsize=3000:unlimited");
  std::string input = Lines(0, 200, 40);  // 8000 bytes, one file
  log.Write(input);
  ASSERT_TRUE(WaitUntil(
      [&] {
        return log.Stderr().find(
                   "multilog: warning: unable to write to "
                   "./log/current, pausing: ") != std::string::npos;
      },
      10000))
      << log.Stderr();
  EXPECT_EQ(ReadFile(dir_ / "log/current").size(), 3000u);
  EXPECT_TRUE(ProcessAlive(log.pid()));
  // Room again: the limit is lifted from outside.
  RunResult lift =
      RunProgram({"/usr/bin/prlimit", "--pid", std::to_string(log.pid()),
                  "--fsize=unlimited:unlimited"});
  ASSERT_EQ(lift.exit_code, 0) << lift.err;
  log.EndInput();
  EXPECT_EQ(log.WaitExit(20000), 0);
  EXPECT_EQ(ReadFile(dir_ / "log/current"), input);
}

TEST_F(MultilogTest, FullDiskPausesUntilSpaceIsFreed) {
  std::string disk = dir_ / "disk";
  MakeDir(disk);
  ScopedMount tmpfs("tmpfs", disk, "tmpfs", 0, "size=64k");
  if (!tmpfs.ok()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root)";
  // Leave about 8 KiB free.
  std::string filler = disk + "/filler";
  int fd = open(filler.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  std::string block(4096, 'f');
  while (write(fd, block.data(), block.size()) == 4096) {
  }
  close(fd);
  ASSERT_EQ(truncate(filler.c_str(), 64 * 1024 - 12 * 1024), 0);
  ProcessGroup group;
  LiveMultilog log(group, dir_.path(), "./disk/log");
  std::string input = Lines(0, 1000, 40);  // 40 KB: cannot fit
  log.Write(input.substr(0, 30000));
  ASSERT_TRUE(WaitUntil(
      [&] {
        return log.Stderr().find(
                   "multilog: warning: unable to write to "
                   "./disk/log/current, pausing: out of disk "
                   "space") != std::string::npos;
      },
      10000))
      << log.Stderr();
  EXPECT_TRUE(ProcessAlive(log.pid()));
  ASSERT_EQ(unlink(filler.c_str()), 0);  // space again
  log.Write(input.substr(30000));
  log.EndInput();
  EXPECT_EQ(log.WaitExit(20000), 0);
  EXPECT_EQ(ReadFile(disk + "/log/current"), input);
}

TEST_F(MultilogTest, AlarmRotatesAndTermFinishesTheLine) {
  ProcessGroup group;
  LiveMultilog log(group, dir_.path(), "./log");
  log.Write("one\ntwo\n");
  ASSERT_TRUE(WaitUntil(
      [&] { return ReadFile(dir_ / "log/current") == "one\ntwo\n"; }));
  log.Kill(SIGALRM);
  ASSERT_TRUE(WaitUntil([&] { return Archives(dir_ / "log").size() == 1; }));
  EXPECT_EQ(ReadFile(dir_ / "log/" + Archives(dir_ / "log")[0]), "one\ntwo\n");
  EXPECT_EQ(ReadFile(dir_ / "log/current"), "");
  log.Kill(SIGALRM);  // nothing to rotate: no empty archive
  log.Write("three");
  ASSERT_TRUE(
      WaitUntil([&] { return ReadFile(dir_ / "log/current") == "three"; }));
  EXPECT_EQ(Archives(dir_ / "log").size(), 1u);
  log.Kill(SIGTERM);
  // TERM waits for the end of the line being read.
  EXPECT_FALSE(group.Wait(log.pid(), 300).has_value());
  log.Write(" four\n");
  EXPECT_EQ(log.WaitExit(), 0);
  EXPECT_EQ(ReadFile(dir_ / "log/current"), "three four\n");
  EXPECT_EQ(ModeOf(dir_ / "log/current"), 0744u);
}

TEST_F(MultilogTest, TermAtALineBoundaryExitsAtOnce) {
  ProcessGroup group;
  LiveMultilog log(group, dir_.path(), "t ./log");
  log.Write("stamped\n");
  ASSERT_TRUE(
      WaitUntil([&] { return ReadFile(dir_ / "log/current").size() == 34; }));
  log.Kill(SIGTERM);
  EXPECT_EQ(log.WaitExit(5000), 0);
  EXPECT_EQ(MaskLabels(ReadFile(dir_ / "log/current")),
            "@xxxxxxxxxxxxxxxxxxxxxxxx stamped\n");
}

}  // namespace
}  // namespace tests
