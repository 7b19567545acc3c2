// multilog run by root in a log directory that another account owns
// (findings F4, F12 and the =FILE addendum of the second pass). Every
// attack is made by the attacker account (nobody), who owns ./main, the
// log directory; its target is a root-only 0600 file in a root-only 0700
// directory, which must stay byte for byte and mode for mode as it was.
// Each attack runs twice: with ./main alone, where multilog becomes
// nobody, and with a second, root-owned directory, where multilog stays
// root and only its refusal to follow links protects the target.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tests/harness.h"

namespace tests {
namespace {

// Each race is tried for this long.
constexpr int64_t kRaceMs = 5000;

std::string Ours() { return OurProgram("log/multilog"); }

struct Snapshot {
  bool exists = false;
  std::string bytes;
  mode_t mode = 0;
  uid_t uid = 0;
};

Snapshot Take(const std::string& path) {
  Snapshot snapshot;
  struct stat info;
  if (lstat(path.c_str(), &info) != 0) return snapshot;
  snapshot.exists = true;
  snapshot.bytes = ReadFile(path);
  snapshot.mode = info.st_mode & 07777;
  snapshot.uid = info.st_uid;
  return snapshot;
}

// Watches `dir` for `mask` until `until_ms` and calls `seen` with the
// name of each event; writes a byte to `ready` once the watch is in place.
// Returns the number of times `seen` returned true, at most 100.
int WatchNames(const std::string& dir, uint32_t mask, int ready,
               int64_t until_ms, const std::function<bool(const char*)>& seen) {
  int watch = inotify_init1(IN_CLOEXEC);
  if (watch < 0 || inotify_add_watch(watch, dir.c_str(), mask) < 0) return 0;
  if (write(ready, "r", 1) != 1) return 0;
  int hits = 0;
  alignas(struct inotify_event) char buffer[16384];
  while (MonotonicMs() < until_ms) {
    struct pollfd watched = {watch, POLLIN, 0};
    if (poll(&watched, 1, 100) <= 0) continue;
    ssize_t got = read(watch, buffer, sizeof(buffer));
    for (ssize_t at = 0; at < got;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      if (event->len > 0 && seen(event->name)) ++hits;
      at += static_cast<ssize_t>(sizeof(*event) + event->len);
    }
  }
  return std::min(hits, 100);
}

// The racer of F4 (b): as soon as multilog's recovery removes state,
// plant state -> target, which the old multilog then truncated.
int StateRacer(const std::string& dir, const std::string& target, int ready,
               int64_t until_ms) {
  std::string state = dir + "/state";
  return WatchNames(dir, IN_DELETE, ready, until_ms, [&](const char* name) {
    return strcmp(name, "state") == 0 &&
           symlink(target.c_str(), state.c_str()) == 0;
  });
}

// The racer of F4 (c): as soon as rotation renames current to previous,
// rename a prepared link to target over previous, which the old multilog
// then chmodded 0744 by name.
int PreviousRacer(const std::string& dir, const std::string& target, int ready,
                  int64_t until_ms) {
  std::string evil = dir + "/.evil";
  std::string previous = dir + "/previous";
  unlink(evil.c_str());
  if (symlink(target.c_str(), evil.c_str()) != 0) return 0;
  return WatchNames(dir, IN_MOVED_TO, ready, until_ms, [&](const char* name) {
    struct stat info;
    // Our own rename is an IN_MOVED_TO too: only react to multilog's.
    if (strcmp(name, "previous") != 0 || lstat(previous.c_str(), &info) != 0 ||
        S_ISLNK(info.st_mode) || rename(evil.c_str(), previous.c_str()) != 0) {
      return false;
    }
    // Armed again for the next rotation; if that fails, planting ends.
    (void)(symlink(target.c_str(), evil.c_str()) == 0);
    return true;
  });
}

// A file of the attacker's, replaced by rename so that no IN_DELETE of
// the name is seen by a racer watching for multilog's.
bool PutFile(const std::string& path, const std::string& content) {
  std::string temporary = path + ".new";
  unlink(temporary.c_str());
  int fd =
      open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0644);
  if (fd < 0) return false;
  bool written = write(fd, content.data(), content.size()) ==
                 static_cast<ssize_t>(content.size());
  close(fd);
  return written && rename(temporary.c_str(), path.c_str()) == 0;
}

// The setup of F4 (b): an unfinished current and a previous force a
// recovery, and 3000 archive names widen its window (each save prunes).
int PrepareRecovery(const std::string& dir) {
  for (const char* name : {"current", "previous", "state"}) {
    if (!PutFile(dir + "/" + name, "junk\n")) return 1;
  }
  for (int i = 0; i < 3000; ++i) {
    char name[64];
    snprintf(name, sizeof(name), "/@40000000000000000000%04d.s", i);
    int fd = open((dir + name).c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW, 0644);
    if (fd < 0) return 1;
    close(fd);
  }
  return 0;
}

// One of the attacker's racers, running in its own process until its
// deadline; construction returns once its watch is in place.
class Racer {
 public:
  // `body` writes a byte to the descriptor it is given once it watches.
  Racer(ProcessGroup& group, const std::function<int(int ready)>& body)
      : group_(group) {
    if (pipe2(ready_, O_CLOEXEC) != 0) return;
    pid_ = group.StartAsAttacker([&] { return body(ready_[1]); });
    struct pollfd watched = {ready_[0], POLLIN, 0};
    char byte;
    ready_ok_ = poll(&watched, 1, 10000) == 1 && read(ready_[0], &byte, 1) == 1;
  }
  ~Racer() {
    close(ready_[0]);
    close(ready_[1]);
  }
  bool ready() const { return ready_ok_; }
  // How many links it planted (at most 100), or -1 if it failed.
  int Finish() {
    std::optional<int> status = group_.Wait(pid_, kRaceMs + 10000);
    return status && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
  }

 private:
  ProcessGroup& group_;
  int ready_[2] = {-1, -1};
  pid_t pid_ = -1;
  bool ready_ok_ = false;
};

// A root multilog reading from a FIFO the test writes to.
class LiveMultilog {
 public:
  LiveMultilog(ProcessGroup& group, const std::string& cwd,
               const std::vector<std::string>& arguments) {
    std::string fifo = cwd + "/.fifo";
    mkfifo(fifo.c_str(), 0600);
    stderr_ = cwd + "/.stderr";
    writer_ = open(fifo.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    std::string command = "exec \"$0\"";
    for (const std::string& argument : arguments)
      command += " '" + argument + "'";
    pid_ = group.Start({"/bin/sh", "-c", command + " < .fifo", Ours()}, cwd, "",
                       stderr_);
    group_ = &group;
    // Locked down (and, in a foreign directory, no longer root) before
    // it reads anything.
    WaitUntil([&] { return ProcStatusField(pid_, "Seccomp") == "2"; });
  }
  ~LiveMultilog() {
    if (writer_ >= 0) close(writer_);
  }
  // Writes all of `text`, waiting for room while multilog lives.
  bool Write(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
      ssize_t wrote = write(writer_, text.data() + done, text.size() - done);
      if (wrote > 0) {
        done += static_cast<size_t>(wrote);
      } else if (!ProcessAlive(pid_)) {
        return false;
      } else {
        usleep(1000);
      }
    }
    return true;
  }
  int EndAndWait() {
    close(writer_);
    writer_ = -1;
    std::optional<int> status = group_->Wait(pid_, 30000);
    if (!status || !WIFEXITED(*status)) return -1;
    return WEXITSTATUS(*status);
  }
  pid_t pid() const { return pid_; }
  std::string Stderr() const { return ReadFile(stderr_); }

 private:
  std::string stderr_;
  ProcessGroup* group_ = nullptr;
  int writer_ = -1;
  pid_t pid_ = -1;
};

std::string Lines(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    std::string line = "line " + std::to_string(i) + " ";
    line.resize(99, '.');
    text += line + "\n";
  }
  return text;
}

class HostileMultilogTest : public testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) {
      GTEST_SKIP() << "needs root: the attacks are made by nobody against a "
                      "root multilog";
    }
    // On a tmpfs fsync costs nothing, so rotations (each syncs current)
    // come fast enough to give the rotation race many chances; on disk
    // the tests still hold, with fewer tries.
    fast_ = std::make_unique<ScopedMount>("tmpfs", top_.path(), "tmpfs", 0,
                                          "mode=0755,size=256m");
    chmod(top_.path().c_str(), 0755);
    secret_dir_ = top_ / "rootonly";
    ASSERT_EQ(mkdir(secret_dir_.c_str(), 0700), 0);
    target_ = secret_dir_ + "/secret";
    WriteFile(target_, "top secret\n", 0600);
    created_ = secret_dir_ + "/created_by_multilog";
    log_ = top_ / "log";
    MakeDir(log_);
    main_ = log_ + "/main";
    MakeDir(main_);
    GiveToAttacker(main_);
    before_ = Take(target_);
  }

  // The target and the name nothing may create are as they were.
  void ExpectUntouched() {
    Snapshot now = Take(target_);
    EXPECT_TRUE(now.exists);
    EXPECT_EQ(now.bytes, before_.bytes);
    EXPECT_EQ(now.mode, before_.mode) << std::oct << now.mode;
    EXPECT_EQ(now.uid, 0u);
    EXPECT_FALSE(Exists(created_));
  }
  bool Untouched() {
    Snapshot now = Take(target_);
    return now.bytes == before_.bytes && now.mode == before_.mode &&
           !Exists(created_);
  }

  // multilog with `arguments` in the service's log directory, `input` on
  // stdin.
  RunResult RunMultilog(const std::vector<std::string>& arguments,
                        const std::string& input) {
    WriteFile(log_ + "/.input", input);
    std::string command = "exec \"$0\"";
    for (const std::string& argument : arguments)
      command += " '" + argument + "'";
    return RunProgram({"/bin/sh", "-c", command + " < .input", Ours()}, log_,
                      30000);
  }

  TempDir top_{"/tmp"};
  std::unique_ptr<ScopedMount> fast_;
  std::string secret_dir_, target_, created_, log_, main_;
  Snapshot before_;
};

// Whether multilog has the attacker's directory alone (and becomes the
// attacker) or also a root-owned one (and stays root).
enum class Directories { kAttackersOnly, kWithRoots };

class AttackTest : public HostileMultilogTest,
                   public testing::WithParamInterface<Directories> {
 protected:
  std::vector<std::string> Script(std::vector<std::string> before = {}) {
    before.push_back("./main");
    if (GetParam() == Directories::kWithRoots) before.push_back("./rootlog");
    return before;
  }
};

// F4 (a): a lock link made root create (and flock) any file.
TEST_P(AttackTest, LockLinkIsNeitherCreatedNorLocked) {
  ASSERT_EQ(RunAsAttacker([&] {
              return symlink(created_.c_str(), (main_ + "/lock").c_str());
            }),
            0);
  RunResult result = RunMultilog(Script(), "line\n");
  EXPECT_EQ(result.exit_code, 111);
  EXPECT_EQ(result.err,
            "multilog: fatal: unable to lock directory ./main: symbolic "
            "link\n");
  ExpectUntouched();

  // A link to an existing file: nothing is opened through it either.
  ASSERT_EQ(RunAsAttacker([&] {
              std::string lock = main_ + "/lock";
              return unlink(lock.c_str()) |
                     symlink(target_.c_str(), lock.c_str());
            }),
            0);
  result = RunMultilog(Script(), "line\n");
  EXPECT_EQ(result.exit_code, 111);
  ExpectUntouched();
}

// F4 (b): state is removed during recovery and, in the old code, opened
// again with O_TRUNC through whatever link was planted meanwhile.
TEST_P(AttackTest, StateRaceDuringRecoveryTruncatesNothing) {
  ProcessGroup group;
  int64_t until = MonotonicMs() + kRaceMs;
  Racer racer(group, [&](int ready) {
    return StateRacer(main_, target_, ready, until);
  });
  ASSERT_TRUE(racer.ready());
  int rounds = 0;
  while (MonotonicMs() < until && Untouched()) {
    ASSERT_EQ(RunAsAttacker([&] { return PrepareRecovery(main_); }), 0);
    RunResult result = RunMultilog(Script({"t", "s4096"}), "");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    ++rounds;
  }
  int planted = racer.Finish();
  fprintf(stderr, "%d recoveries, %d links planted\n", rounds, planted);
  // The race was really run: links were planted while multilog recovered.
  EXPECT_GT(planted, 0) << "no link planted in " << rounds << " recoveries";
  ExpectUntouched();
}

// F4 (c): rotation renames current to previous; the old code then set
// previous's mode by name, through the link renamed over it meanwhile.
TEST_P(AttackTest, PreviousRaceAtRotationChmodsNothing) {
  ProcessGroup group;
  int64_t until = MonotonicMs() + kRaceMs;
  Racer racer(group, [&](int ready) {
    return PreviousRacer(main_, target_, ready, until);
  });
  ASSERT_TRUE(racer.ready());
  LiveMultilog multilog(group, log_, Script({"s4096"}));
  int line = 0;
  while (MonotonicMs() < until && Untouched()) {
    ASSERT_TRUE(multilog.Write(Lines(line, 100)));
    line += 100;
  }
  EXPECT_EQ(multilog.EndAndWait(), 0);
  EXPECT_EQ(multilog.Stderr(), "");
  int planted = racer.Finish();
  // About one rotation per 2100 bytes (s4096 rotates 2000 bytes early).
  fprintf(stderr, "%lld bytes logged, %d links planted\n", 100LL * line,
          planted);
  EXPECT_GT(planted, 0) << "no link planted while logging " << 100LL * line
                        << " bytes";
  ExpectUntouched();
}

// The =FILE addendum: a status file in the attacker's directory is a link
// to a root-only file (or to a name in root's directory).
TEST_P(AttackTest, StatusFileLinkIsNotWritten) {
  ASSERT_EQ(RunAsAttacker([&] {
              return symlink(target_.c_str(), (main_ + "/status").c_str()) |
                     symlink(created_.c_str(), (main_ + "/status2").c_str());
            }),
            0);
  const std::string cron = "* * * * * root id > /tmp/cron_would_run\n";
  RunResult result = RunMultilog(Script({"=./main/status"}), cron);
  EXPECT_EQ(result.exit_code, 111);
  EXPECT_EQ(result.err,
            "multilog: fatal: unable to create ./main/status: symbolic "
            "link\n");
  result = RunMultilog(Script({"=./main/status2"}), cron);
  EXPECT_EQ(result.exit_code, 111);
  ExpectUntouched();
}

INSTANTIATE_TEST_SUITE_P(, AttackTest,
                         testing::Values(Directories::kAttackersOnly,
                                         Directories::kWithRoots),
                         [](const testing::TestParamInfo<Directories>& info) {
                           return info.param == Directories::kAttackersOnly
                                      ? "BecomesOwner"
                                      : "StaysRoot";
                         });

// F12: in a directory of its own, multilog is the owner with no
// capability at all, and still logs and rotates; everything it makes is
// the owner's.
TEST_F(HostileMultilogTest, RootMultilogBecomesTheDirectorysOwner) {
  ProcessGroup group;
  LiveMultilog multilog(group, log_, {"s4096", "n100", "./main"});
  pid_t pid = multilog.pid();
  EXPECT_EQ(ProcStatusField(pid, "Uid"), "65534\t65534\t65534\t65534");
  EXPECT_EQ(ProcStatusField(pid, "Gid"), "65534\t65534\t65534\t65534");
  std::string groups = ProcStatusField(pid, "Groups");
  EXPECT_EQ(groups.find_first_not_of(' '), std::string::npos) << groups;
  for (const char* set : {"CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"}) {
    EXPECT_EQ(ProcStatusField(pid, set), "0000000000000000") << set;
  }
  EXPECT_EQ(ProcStatusField(pid, "NoNewPrivs"), "1");
  std::string input = Lines(0, 500);
  ASSERT_TRUE(multilog.Write(input));
  EXPECT_EQ(multilog.EndAndWait(), 0);
  std::string logged;
  int archives = 0;
  for (const std::string& name : ListDir(main_)) {
    struct stat info;
    ASSERT_EQ(lstat((main_ + "/" + name).c_str(), &info), 0) << name;
    EXPECT_EQ(info.st_uid, kAttackerUid) << name;
    if (name[0] == '@') {
      logged += ReadFile(main_ + "/" + name);
      ++archives;
    }
  }
  logged += ReadFile(main_ + "/current");
  EXPECT_GE(archives, 10);
  EXPECT_EQ(logged, input);
}

// The processor helper stays root, but runs a processor as the owner of
// the directory it serves.
TEST_F(HostileMultilogTest, ProcessorRunsAsTheDirectorysOwner) {
  RunResult result = RunMultilog(
      {"s4096", "!cat >/dev/null; id -u; id -g", "./main"}, Lines(0, 60));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  int archives = 0;
  for (const std::string& name : ListDir(main_)) {
    if (name[0] != '@') continue;
    EXPECT_EQ(ReadFile(main_ + "/" + name), "65534\n65534\n") << name;
    ++archives;
  }
  EXPECT_GE(archives, 1);
}

// Files a root multilog of an earlier version left (root's lock and a
// finished current) are the owner's afterwards, and current is appended
// to as before.
TEST_F(HostileMultilogTest, LeftoversOfARootMultilogAreTakenOver) {
  WriteFile(main_ + "/current", "old\n", 0744);
  WriteFile(main_ + "/lock", "", 0600);
  RunResult result = RunMultilog({"./main"}, "new\n");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(ReadFile(main_ + "/current"), "old\nnew\n");
  EXPECT_EQ(Take(main_ + "/current").uid, kAttackerUid);
  EXPECT_EQ(Take(main_ + "/lock").uid, kAttackerUid);
}

// A root-owned directory, or directories of different owners, keep
// today's root multilog with CAP_DAC_OVERRIDE and CAP_FOWNER.
TEST_F(HostileMultilogTest, RootOrMixedDirectoriesKeepRoot) {
  for (std::vector<std::string> script :
       {std::vector<std::string>{"./rootlog"},
        std::vector<std::string>{"./main", "./rootlog"}}) {
    ProcessGroup group;
    LiveMultilog multilog(group, log_, script);
    EXPECT_EQ(ProcStatusField(multilog.pid(), "Uid"), "0\t0\t0\t0");
    EXPECT_EQ(ProcStatusField(multilog.pid(), "CapEff"), "000000000000000a");
    ASSERT_TRUE(multilog.Write("one\n"));
    EXPECT_EQ(multilog.EndAndWait(), 0);
    EXPECT_EQ(ReadFile(log_ + "/rootlog/current"),
              script.size() == 1 ? "one\n" : "one\none\n");
    EXPECT_EQ(Take(log_ + "/rootlog/current").uid, 0u);
  }
}

}  // namespace
}  // namespace tests
