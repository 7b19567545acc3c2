#include "tests/harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace tests {

namespace {

std::vector<char*> ArgvOf(const std::vector<std::string>& argv) {
  std::vector<char*> pointers;
  for (const std::string& word : argv) {
    pointers.push_back(const_cast<char*>(word.c_str()));
  }
  pointers.push_back(nullptr);
  return pointers;
}

void RedirectOrDie(const std::string& file, int target, int flags) {
  const char* path = file.empty() ? "/dev/null" : file.c_str();
  int fd = open(path, flags, 0644);
  if (fd < 0) _exit(126);
  dup2(fd, target);
  if (fd != target) close(fd);
}

// Starts argv in `cwd` with stdin from /dev/null and stdout and stderr to
// the files (or /dev/null), opened with O_TRUNC or O_APPEND (`mode`).
pid_t ForkExec(const std::vector<std::string>& argv, const std::string& cwd,
               const std::string& out_file, const std::string& err_file,
               int mode) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  RedirectOrDie("", 0, O_RDONLY);
  RedirectOrDie(out_file, 1, O_WRONLY | O_CREAT | mode);
  RedirectOrDie(err_file, 2, O_WRONLY | O_CREAT | mode);
  // The test binary may run with signals blocked or ignored; services
  // must start with the defaults.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int sig = 1; sig < 32; ++sig) signal(sig, SIG_DFL);
  if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
  std::vector<char*> pointers = ArgvOf(argv);
  execvp(pointers[0], pointers.data());
  _exit(127);
}

int RemoveEntry(const char* path, const struct stat*, int, struct FTW*) {
  remove(path);
  return 0;
}

}  // namespace

std::string OurProgram(const std::string& package_and_name) {
  const char* srcdir = getenv("TEST_SRCDIR");
  const char* workspace = getenv("TEST_WORKSPACE");
  if (srcdir && workspace) {
    return std::string(srcdir) + "/" + workspace + "/" + package_and_name;
  }
  return "bazel-bin/" + package_and_name;
}

std::vector<std::string> OurSvscanCommand(const std::string& scan) {
  std::string supervise = OurProgram("supervise/supervise");
  std::string bin = supervise.substr(0, supervise.rfind('/'));
  return {"env", "PATH=" + bin + ":/usr/bin:/bin", OurProgram("svscan/svscan"),
          scan};
}

Suite OurSuite() {
  return {"ours",
          OurProgram("supervise/supervise"),
          OurProgram("svc/svc"),
          OurProgram("svc/svstat"),
          OurProgram("svc/svok"),
          OurProgram("svscan/svscan")};
}

Suite ReferenceSuite() {
  return {"daemontools",     "/usr/bin/supervise", "/usr/bin/svc",
          "/usr/bin/svstat", "/usr/bin/svok",      "/usr/bin/svscan"};
}

bool ReferenceInstalled() {
  return access("/usr/bin/supervise", X_OK) == 0 &&
         access("/usr/bin/svc", X_OK) == 0;
}

RunResult RunProgram(const std::vector<std::string>& argv,
                     const std::string& cwd, int timeout_ms) {
  TempDir scratch;
  std::string out_file = scratch / "out";
  std::string err_file = scratch / "err";
  pid_t pid = ForkExec(argv, cwd, out_file, err_file, O_TRUNC);
  RunResult result;
  int status = 0;
  int64_t deadline = MonotonicMs() + timeout_ms;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (MonotonicMs() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    usleep(2000);
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.out = ReadFile(out_file);
  result.err = ReadFile(err_file);
  return result;
}

TempDir::TempDir()
    : TempDir(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") {}

TempDir::TempDir(const std::string& base) {
  std::string pattern = base + "/t.XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed");
  }
  path_ = buffer.data();
}

TempDir::~TempDir() {
  nftw(path_.c_str(), RemoveEntry, 16, FTW_DEPTH | FTW_PHYS);
}

void WriteFile(const std::string& path, const std::string& content, int mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) throw std::runtime_error("cannot write " + path);
  if (write(fd, content.data(), content.size()) !=
      static_cast<ssize_t>(content.size())) {
    close(fd);
    throw std::runtime_error("short write to " + path);
  }
  fchmod(fd, mode);
  close(fd);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool Exists(const std::string& path) {
  struct stat info;
  return lstat(path.c_str(), &info) == 0;
}

void MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot mkdir " + path);
  }
}

void MakeService(const std::string& dir, const std::string& script, bool down) {
  MakeDir(dir);
  WriteFile(dir + "/run", "#!/bin/sh\n" + script + "\n", 0755);
  if (down) WriteFile(dir + "/down", "");
}

ScopedMount::ScopedMount(const std::string& source, const std::string& target,
                         const std::string& type, unsigned long flags,
                         const std::string& options)
    : target_(target) {
  ok_ =
      geteuid() == 0 && mount(source.c_str(), target.c_str(),
                              type.empty() ? nullptr : type.c_str(), flags,
                              options.empty() ? nullptr : options.c_str()) == 0;
}

ScopedMount::~ScopedMount() {
  if (ok_) umount2(target_.c_str(), MNT_DETACH);
}

bool ScopedMount::RemountBind(unsigned long flags) {
  return mount(nullptr, target_.c_str(), nullptr, MS_REMOUNT | MS_BIND | flags,
               nullptr) == 0;
}

ProcessGroup::~ProcessGroup() { KillAll(); }

pid_t ProcessGroup::Start(const std::vector<std::string>& argv,
                          const std::string& cwd, const std::string& out_file,
                          const std::string& err_file) {
  pid_t pid = ForkExec(argv, cwd, out_file, err_file, O_APPEND);
  if (pid > 0) pids_.push_back(pid);
  return pid;
}

std::optional<int> ProcessGroup::Wait(pid_t pid, int timeout_ms) {
  int status = 0;
  int64_t deadline = MonotonicMs() + timeout_ms;
  for (;;) {
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (done < 0) return std::nullopt;
    if (MonotonicMs() > deadline) return std::nullopt;
    usleep(2000);
  }
}

void ProcessGroup::KillAll() {
  for (pid_t pid : pids_) {
    if (pid > 0) kill(pid, SIGKILL);
  }
  for (pid_t pid : pids_) {
    if (pid > 0) waitpid(pid, nullptr, WNOHANG);
  }
  // Reap our own children; adopted ones belong to others.
  for (pid_t pid : pids_) {
    if (pid > 0) {
      int64_t deadline = MonotonicMs() + 2000;
      while (waitpid(pid, nullptr, WNOHANG) == 0 && MonotonicMs() < deadline) {
        usleep(1000);
      }
    }
  }
  pids_.clear();
}

namespace {

[[noreturn]] void BecomeAttacker(const std::function<int()>& body) {
  if (setgroups(0, nullptr) != 0 ||
      setresgid(kAttackerGid, kAttackerGid, kAttackerGid) != 0 ||
      setresuid(kAttackerUid, kAttackerUid, kAttackerUid) != 0) {
    _exit(126);
  }
  _exit(body());
}

}  // namespace

pid_t ProcessGroup::StartAsAttacker(const std::function<int()>& body) {
  pid_t pid = fork();
  if (pid == 0) BecomeAttacker(body);
  if (pid > 0) pids_.push_back(pid);
  return pid;
}

int RunAsAttacker(const std::function<int()>& body, int timeout_ms) {
  ProcessGroup group;
  pid_t pid = group.StartAsAttacker(body);
  std::optional<int> status = group.Wait(pid, timeout_ms);
  if (!status || !WIFEXITED(*status)) return -1;
  return WEXITSTATUS(*status);
}

void GiveToAttacker(const std::string& path) {
  RunProgram({"chown", "-R",
              std::to_string(kAttackerUid) + ":" + std::to_string(kAttackerGid),
              path});
}

int64_t MonotonicMs() {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000 + now.tv_nsec / 1000000;
}

bool WaitUntil(const std::function<bool()>& condition, int timeout_ms) {
  int64_t deadline = MonotonicMs() + timeout_ms;
  for (;;) {
    if (condition()) return true;
    if (MonotonicMs() > deadline) return false;
    usleep(2000);
  }
}

std::optional<common::StatusRecord> ReadStatus(const std::string& dir) {
  std::string bytes = ReadFile(dir + "/supervise/status");
  return common::DecodeStatus(reinterpret_cast<const uint8_t*>(bytes.data()),
                              bytes.size());
}

std::optional<ProcStat> ReadProcStat(pid_t pid) {
  std::string text = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  size_t paren = text.rfind(')');
  if (paren == std::string::npos || paren + 4 > text.size()) {
    return std::nullopt;
  }
  ProcStat stat;
  stat.state = text[paren + 2];
  stat.ppid = static_cast<pid_t>(std::atoi(text.c_str() + paren + 4));
  return stat;
}

bool ProcessAlive(pid_t pid) {
  std::optional<ProcStat> stat = ReadProcStat(pid);
  return stat && stat->state != 'Z' && stat->state != 'X';
}

std::string ProcStatusField(pid_t pid, const std::string& field) {
  std::string status = ReadFile("/proc/" + std::to_string(pid) + "/status");
  size_t at = status.find("\n" + field + ":\t");
  if (at == std::string::npos) return "";
  at += field.size() + 3;
  return status.substr(at, status.find('\n', at) - at);
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* listing = opendir(dir.c_str())) {
    while (struct dirent* entry = readdir(listing)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(listing);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<pid_t> ProcessesUnder(const std::string& dir) {
  std::vector<pid_t> found;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return found;
  while (struct dirent* entry = readdir(proc)) {
    pid_t pid = static_cast<pid_t>(std::atoi(entry->d_name));
    if (pid <= 0 || pid == getpid()) continue;
    char target[4096];
    std::string link = std::string("/proc/") + entry->d_name + "/cwd";
    ssize_t length = readlink(link.c_str(), target, sizeof(target) - 1);
    if (length <= 0) continue;
    std::string cwd(target, static_cast<size_t>(length));
    if ((cwd == dir || cwd.rfind(dir + "/", 0) == 0) && ProcessAlive(pid)) {
      found.push_back(pid);
    }
  }
  closedir(proc);
  return found;
}

void KillProcessesUnder(const std::string& dir) {
  WaitUntil(
      [&] {
        std::vector<pid_t> pids = ProcessesUnder(dir);
        for (pid_t pid : pids) kill(pid, SIGKILL);
        while (waitpid(-1, nullptr, WNOHANG) > 0) {
        }
        return pids.empty();
      },
      5000);
}

std::string Normalise(const std::string& text) {
  static const std::regex pid_pattern("pid [0-9]+");
  static const std::regex seconds_pattern("[0-9]+ seconds");
  std::string result = std::regex_replace(text, pid_pattern, "pid x");
  return std::regex_replace(result, seconds_pattern, "x seconds");
}

ServiceTree::ServiceTree(const std::string& base) : TempDir(base) {
  MakeDir(results());
  if (chmod(path().c_str(), 0755) != 0 || chmod(results().c_str(), 0777) != 0) {
    throw std::runtime_error("cannot open up " + path());
  }
}

std::string ServiceTree::CopyProbe() const {
  std::string probe = *this / "probe";
  WriteFile(probe, ReadFile(OurProgram("tests/probe/probe")), 0755);
  return probe;
}

void NobodyServiceTest::SetUp() {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to start services as nobody";
  dir_ = std::make_unique<ServiceTree>(tree_base_);
  probe_ = dir_->CopyProbe();
  results_ = dir_->results();
  service_ = *dir_ / "s";
}

void NobodyServiceTest::TearDown() {
  processes_.KillAll();
  if (dir_) KillProcessesUnder(dir_->path());
}

pid_t NobodyServiceTest::StartSupervise() {
  pid_t pid = processes_.Start({ours_.supervise, service_}, "", *dir_ / "out",
                               *dir_ / "err");
  EXPECT_TRUE(WaitUntil([&] {
    return RunProgram({ours_.svok, service_}).exit_code == 0;
  }));
  return pid;
}

std::string NobodyServiceTest::WaitForResult(const std::string& name) {
  std::string path = results_ + "/" + name;
  if (WaitUntil([&] { return Exists(path); })) return ReadFile(path);
  std::string missing = "(no result: " + Svstat() + ")";
  ADD_FAILURE() << "results/" << name << " never appeared " << missing;
  return missing;
}

std::string NobodyServiceTest::Svstat() {
  return RunProgram({ours_.svstat, service_}).out;
}

}  // namespace tests
