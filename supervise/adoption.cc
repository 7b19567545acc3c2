#include "supervise/adoption.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/safe_file.h"

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
  std::string stat =
      ReadSmallFile(("/proc/" + std::to_string(pid) + "/stat").c_str());
  size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return {};
  // Fields after the command name: state is field 3, starttime field 22.
  const char* cursor = stat.c_str() + paren + 1;
  for (int field = 3; field <= 21; ++field) {
    cursor = std::strchr(cursor + 1, ' ');
    if (cursor == nullptr) return {};
  }
  char state = stat[paren + 2];
  if (state == 'Z' || state == 'X') return {};
  unsigned long long start_time = std::strtoull(cursor + 1, nullptr, 10);
  std::string boot = ReadSmallFile("/proc/sys/kernel/random/boot_id");
  while (!boot.empty() && boot.back() == '\n') boot.pop_back();
  return std::to_string(pid) + " " + std::to_string(start_time) + " " + boot +
         "\n";
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
  if (recorded.empty() || recorded != IdentityOf(pid)) return std::nullopt;
  Orphan orphan;
  orphan.pid = pid;
  orphan.previous = *previous;
  orphan.pidfd.Reset(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  if (!orphan.pidfd.valid()) return std::nullopt;
  // Checked again through the pidfd: the process could have exited and
  // its pid been reused between the two looks.
  if (IdentityOf(pid) != recorded) return std::nullopt;
  fcntl(orphan.pidfd.get(), F_SETFD, FD_CLOEXEC);
  return orphan;
}

}  // namespace supervise
