#include "supervise/service_dir.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"

namespace supervise {

namespace {

[[noreturn]] void DieAbout(const char* what, const std::string& dir,
                           const char* path, int error) {
  common::Die(111, {"supervise: fatal: ", what, " ", dir, "/", path, ": ",
                    common::ErrorText(error)});
}

void MakeSupervisedDirectory() {
  if (mkdir("supervise", 0700) == 0 || errno != EEXIST) return;
  // A dangling symlink (read-only service trees point supervise/ elsewhere):
  // create its target, one level only.
  struct stat link_info;
  if (lstat("supervise", &link_info) != 0 || !S_ISLNK(link_info.st_mode)) {
    return;
  }
  struct stat target_info;
  if (stat("supervise", &target_info) == 0) return;
  char target[PATH_MAX];
  ssize_t length = readlink("supervise", target, sizeof(target) - 1);
  if (length < 0) {
    common::Die(111, {"supervise: fatal: unable to readlink ./supervise: ",
                      common::ErrorText(errno)});
  }
  target[length] = '\0';
  mkdir(target, 0700);
}

}  // namespace

void OpenLockAndControl(const std::string& dir, ServiceDir& service_dir) {
  MakeSupervisedDirectory();

  service_dir.lock.Reset(
      open("supervise/lock",
           O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0600));
  if (!service_dir.lock.valid()) {
    DieAbout("unable to acquire", dir, "supervise/lock", errno);
  }
  if (flock(service_dir.lock.get(), LOCK_EX | LOCK_NB) != 0) {
    DieAbout("unable to acquire", dir, "supervise/lock", errno);
  }

  mkfifo("supervise/control", 0600);
  service_dir.control_read.Reset(
      open("supervise/control", O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!service_dir.control_read.valid()) {
    DieAbout("unable to read", dir, "supervise/control", errno);
  }
  // 0.76 reads a regular file here and spins at full CPU; refuse instead.
  struct stat info;
  if (fstat(service_dir.control_read.get(), &info) != 0) {
    DieAbout("unable to read", dir, "supervise/control", errno);
  }
  if (!S_ISFIFO(info.st_mode)) {
    common::Die(111, {"supervise: fatal: unable to read ", dir,
                      "/supervise/control: not a FIFO; remove it and start "
                      "supervise again"});
  }
  service_dir.control_write.Reset(
      open("supervise/control", O_WRONLY | O_NONBLOCK | O_CLOEXEC));
  if (!service_dir.control_write.valid()) {
    DieAbout("unable to write", dir, "supervise/control", errno);
  }
}

void OpenOk(const std::string& dir, ServiceDir& service_dir) {
  mkfifo("supervise/ok", 0600);
  service_dir.ok_read.Reset(
      open("supervise/ok", O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!service_dir.ok_read.valid()) {
    DieAbout("unable to read", dir, "supervise/ok", errno);
  }
}

bool GrantControlToGroup(gid_t gid) {
  struct Entry {
    const char* path;
    mode_t mode;
  };
  // The directory keeps its setgid bit so that each new status file is
  // group-owned too.
  constexpr Entry kEntries[] = {{"supervise", 02750},
                                {"supervise/control", 0620},
                                {"supervise/ok", 0620},
                                {"supervise/status", 0644}};
  for (const Entry& entry : kEntries) {
    if (chown(entry.path, static_cast<uid_t>(-1), gid) != 0) return false;
    if (chmod(entry.path, entry.mode) != 0) return false;
  }
  return true;
}

}  // namespace supervise
