#include "supervise/adoption.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>
#include <string>

#include "common/safe_file.h"
#include "supervise/process_stat.h"

namespace supervise {

namespace {

constexpr char kIdentityFile[] = "run.id";
constexpr char kIdentityNew[] = "run.id.new";
constexpr size_t kMaxSmallFile = 1023;

// Reads a regular file in supervise/ (never through a link); empty on
// failure.
std::string ReadSupervised(int supervise, const char* name) {
  common::CheckedFile file = common::OpenChecked(supervise, name, O_RDONLY,
                                                 common::FileType::kRegular);
  std::string bytes;
  if (!file.ok() || !common::ReadUpTo(file.fd.get(), kMaxSmallFile, &bytes)) {
    return {};
  }
  return bytes;
}

// Reads a small file of /proc whole; empty on failure.
std::string ReadSmallFile(const char* path) {
  common::UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return {};
  char buffer[1024];
  ssize_t got = read(fd.get(), buffer, sizeof(buffer) - 1);
  if (got <= 0) return {};
  return std::string(buffer, static_cast<size_t>(got));
}

// "PID STARTTIME BOOTID": the pair (start time, boot) names one process
// for good; a pid alone can be reused.
std::string IdentityOf(pid_t pid) {
  std::optional<ProcessStat> start = ReadProcessStat(pid);
  if (!start) return {};
  std::string boot = ReadSmallFile("/proc/sys/kernel/random/boot_id");
  while (!boot.empty() && boot.back() == '\n') boot.pop_back();
  return std::to_string(pid) + " " + std::to_string(start->start_ticks) + " " +
         boot + "\n";
}

// Seconds since 1970 at which the system booted (the clock /proc's start
// times count from); 0 if unknown.
int64_t BootTime() {
  struct timespec wall;
  struct timespec since_boot;
  if (clock_gettime(CLOCK_REALTIME, &wall) != 0 ||
      clock_gettime(CLOCK_BOOTTIME, &since_boot) != 0) {
    return 0;
  }
  return static_cast<int64_t>(wall.tv_sec) -
         static_cast<int64_t>(since_boot.tv_sec);
}

// A ./run left by daemontools 0.76's supervise, which records no
// identity: the status pid is alive, works in this service directory,
// started no later than the status says it did (a reused pid starts
// later), and is not the child of a supervise (its own was killed, or the
// lock would not be ours).
bool LooksLikeZeroSevenSixRun(pid_t pid, const common::StatusRecord& status) {
  std::optional<ProcessStat> start = ReadProcessStat(pid);
  if (!start) return false;
  struct stat here;
  struct stat its;
  std::string cwd = "/proc/" + std::to_string(pid) + "/cwd";
  if (stat(".", &here) != 0 || stat(cwd.c_str(), &its) != 0 ||
      here.st_dev != its.st_dev || here.st_ino != its.st_ino) {
    return false;
  }
  long ticks_per_second = sysconf(_SC_CLK_TCK);
  int64_t boot = BootTime();
  if (ticks_per_second <= 0 || boot == 0) return false;
  int64_t started =
      boot + static_cast<int64_t>(start->start_ticks / ticks_per_second);
  constexpr int64_t kToleranceSeconds = 2;
  if (started > common::UnixSeconds(status.stamp) + kToleranceSeconds) {
    return false;
  }
  std::string parent = ReadSmallFile(
      ("/proc/" + std::to_string(start->parent) + "/comm").c_str());
  return parent != "supervise\n";
}

}  // namespace

void RecordRunIdentity(int supervise, pid_t pid) {
  std::string identity = IdentityOf(pid);
  if (identity.empty()) return;
  common::ReplaceFile(supervise, kIdentityFile, kIdentityNew, identity, 0644,
                      /*durable=*/false);
}

std::optional<Orphan> FindOrphan(int supervise) {
  std::string bytes = ReadSupervised(supervise, "status");
  std::optional<common::StatusRecord> previous = common::DecodeStatus(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (!previous || previous->pid == 0) return std::nullopt;
  pid_t pid = static_cast<pid_t>(previous->pid);
  if (pid <= 0) return std::nullopt;
  std::string recorded = ReadSupervised(supervise, kIdentityFile);
  bool legacy = recorded.empty();
  if (legacy ? !LooksLikeZeroSevenSixRun(pid, *previous)
             : recorded != IdentityOf(pid)) {
    return std::nullopt;
  }
  // From here on the identity is the one seen now.
  if (legacy) recorded = IdentityOf(pid);
  Orphan orphan;
  orphan.pid = pid;
  orphan.previous = *previous;
  orphan.pidfd.Reset(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  if (!orphan.pidfd.valid()) return std::nullopt;
  // Checked again through the pidfd: the process could have exited and
  // its pid been reused between the two looks.
  if (recorded.empty() || IdentityOf(pid) != recorded) return std::nullopt;
  fcntl(orphan.pidfd.get(), F_SETFD, FD_CLOEXEC);
  // A later supervise adopts it by its identity, like our own.
  if (legacy) RecordRunIdentity(supervise, pid);
  return orphan;
}

}  // namespace supervise
