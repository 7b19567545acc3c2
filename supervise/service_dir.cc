#include "supervise/service_dir.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"

namespace supervise {

namespace {

using common::FileType;
using common::OpenChecked;

[[noreturn]] void DieAbout(const char* what, const std::string& dir,
                           const char* path, std::string_view reason) {
  common::DieFatal(111, what, " ", dir, "/", path, ": ", reason);
}

// A dangling symlink (read-only service trees point supervise/ elsewhere):
// create its target, one level only, as Debian's patch does. Whether the
// target can be trusted is checked when it is opened.
void MakeLinkTarget(int service, uid_t service_owner) {
  // Only in a directory of our own identity: in another account's tree
  // the link is theirs, and root would make a directory wherever it
  // points.
  if (service_owner != geteuid()) return;
  struct stat link_info;
  if (fstatat(service, "supervise", &link_info, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISLNK(link_info.st_mode)) {
    return;
  }
  char target[PATH_MAX];
  ssize_t length = readlinkat(service, "supervise", target, sizeof(target) - 1);
  if (length < 0) {
    common::DieSys(111, "unable to readlink ./supervise");
  }
  target[length] = '\0';
  mkdirat(service, target, 0700);
}

// supervise/, made if missing, and refused unless owned by root or by the
// service directory's owner and writable by nobody else: whoever can
// write it could plant links for root to follow.
common::UniqueFd OpenSupervisedDirectory(const std::string& dir, int service) {
  struct stat service_info;
  if (fstat(service, &service_info) != 0) {
    DieAbout("unable to acquire", dir, "supervise/lock",
             common::ErrorText(errno));
  }
  if (mkdirat(service, "supervise", 0700) != 0 && errno == EEXIST) {
    struct stat target;
    if (fstatat(service, "supervise", &target, 0) != 0 && errno == ENOENT) {
      MakeLinkTarget(service, service_info.st_uid);
    }
  }
  common::CheckedFile supervise =
      common::OpenTrustedDirectory(service, "supervise", service_info.st_uid);
  if (supervise.refusal != nullptr &&
      supervise.info.st_uid != service_info.st_uid &&
      supervise.info.st_uid != 0) {
    common::DieFatal(111, "unable to use ", dir, "/supervise: owned by ",
                     std::to_string(supervise.info.st_uid));
  }
  if (supervise.refusal != nullptr) {
    DieAbout("unable to use", dir, "supervise", supervise.refusal);
  }
  // What 0.76 says when supervise/ cannot be used at all.
  if (!supervise.ok()) {
    DieAbout("unable to acquire", dir, "supervise/lock", supervise.Reason());
  }
  return std::move(supervise.fd);
}

// A FIFO in supervise/, made afresh at every start and opened without
// blocking. Fresh, because a descriptor someone opened on the old one
// under an earlier mode (a control group since revoked) would otherwise
// still reach this supervise. Where supervise/ cannot be written, the
// existing FIFO is used.
common::CheckedFile OpenFifo(int supervise, const char* name, int flags) {
  // Something else under that name is left for OpenChecked to refuse (with
  // 0.76's advice to remove it), not silently replaced.
  struct stat existing;
  if (fstatat(supervise, name, &existing, AT_SYMLINK_NOFOLLOW) == 0 &&
      !S_ISFIFO(existing.st_mode)) {
    return OpenChecked(supervise, name, flags, FileType::kFifo);
  }
  std::string fresh = std::string(name) + ".new";
  unlinkat(supervise, fresh.c_str(), 0);
  if (mkfifoat(supervise, fresh.c_str(), 0600) != 0 ||
      renameat(supervise, fresh.c_str(), supervise, name) != 0) {
    unlinkat(supervise, fresh.c_str(), 0);
    mkfifoat(supervise, name, 0600);
  }
  return OpenChecked(supervise, name, flags, FileType::kFifo);
}

}  // namespace

void OpenLockAndControl(const std::string& dir, ServiceDir& service_dir) {
  service_dir.service.Reset(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!service_dir.service.valid()) {
    DieAbout("unable to acquire", dir, "supervise/lock",
             common::ErrorText(errno));
  }
  service_dir.supervise =
      OpenSupervisedDirectory(dir, service_dir.service.get());
  int supervise = service_dir.supervise.get();

  // Read-only is enough for flock, and keeps no file on the mount open
  // for writing (a remount read-only then still works).
  common::CheckedFile lock =
      OpenChecked(supervise, "lock", O_RDONLY | O_CREAT, FileType::kRegular,
                  0600, /*single_link=*/true);
  if (!lock.ok()) {
    DieAbout("unable to acquire", dir, "supervise/lock", lock.Reason());
  }
  if (flock(lock.fd.get(), LOCK_EX | LOCK_NB) != 0) {
    DieAbout("unable to acquire", dir, "supervise/lock",
             common::ErrorText(errno));
  }
  service_dir.lock = std::move(lock.fd);

  common::CheckedFile control = OpenFifo(supervise, "control", O_RDONLY);
  // 0.76 reads a regular file here and spins at full CPU; refuse instead.
  if (control.refusal != nullptr &&
      std::string_view(control.refusal) == "not a FIFO") {
    common::DieFatal(111, "unable to read ", dir,
                     "/supervise/control: not a FIFO; remove it and start "
                     "supervise again");
  }
  if (!control.ok()) {
    DieAbout("unable to read", dir, "supervise/control", control.Reason());
  }
  service_dir.control_read = std::move(control.fd);
  common::CheckedFile writer =
      OpenChecked(supervise, "control", O_WRONLY, FileType::kFifo);
  if (!writer.ok()) {
    DieAbout("unable to write", dir, "supervise/control", writer.Reason());
  }
  service_dir.control_write = std::move(writer.fd);
}

void OpenOk(const std::string& dir, ServiceDir& service_dir) {
  common::CheckedFile ok =
      OpenFifo(service_dir.supervise.get(), "ok", O_RDONLY);
  if (!ok.ok()) DieAbout("unable to read", dir, "supervise/ok", ok.Reason());
  service_dir.ok_read = std::move(ok.fd);
}

bool SetControlAccess(const ServiceDir& service_dir, std::optional<gid_t> gid) {
  // Root's supervise makes supervise/ and its entries root's own, even
  // where the service's owner made them: after its lockdown the monitor
  // cannot write a directory it does not own, and nobody but root should
  // change what is in it. Root-only means group root too. A supervise not
  // run by root cannot give its files away and leaves the ids alone.
  std::optional<uid_t> owner;
  std::optional<gid_t> group = gid;
  if (geteuid() == 0) {
    owner = 0;
    if (!gid) group = 0;
  }
  // The directory keeps its setgid bit so that each new status file is
  // group-owned too.
  if (!common::SetAccess(service_dir.supervise.get(), owner, group,
                         gid ? 02750 : 0700) ||
      !common::SetAccess(service_dir.control_read.get(), owner, group,
                         gid ? 0620 : 0600) ||
      !common::SetAccess(service_dir.ok_read.get(), owner, group,
                         gid ? 0620 : 0600)) {
    return false;
  }
  common::CheckedFile status = OpenChecked(
      service_dir.supervise.get(), "status", O_RDONLY, FileType::kRegular);
  if (status.missing()) return true;
  if (!status.ok()) {
    errno = status.refusal != nullptr ? EINVAL : status.error;
    return false;
  }
  return common::SetAccess(status.fd.get(), owner, group, 0644);
}

void ServeS6Helpers(const std::string& dir, ServiceDir& service_dir) {
  struct stat info;
  int service = service_dir.service.get();
  if (fstatat(service, "notification-fd", &info, AT_SYMLINK_NOFOLLOW) != 0) {
    return;
  }
  // mkdirat never follows a link in the way; whatever is there is kept.
  if (mkdirat(service, "event", 0700) == 0) {
    common::CheckedFile event =
        OpenChecked(service, "event", O_RDONLY, FileType::kDirectory);
    if (!event.ok() || fchown(event.fd.get(), 0, 0) != 0 ||
        fchmod(event.fd.get(), 03730) != 0) {
      common::WarnSys("unable to set up ", dir, "/event");
    }
  }
  common::CheckedFile lock =
      OpenChecked(service_dir.supervise.get(), "lock", O_WRONLY,
                  FileType::kRegular, 0, /*single_link=*/true);
  struct flock whole = {};
  whole.l_type = F_WRLCK;
  whole.l_whence = SEEK_SET;
  if (!lock.ok() || fcntl(lock.fd.get(), F_SETLK, &whole) != 0) {
    common::Warn("unable to lock ", dir, "/supervise/lock for s6 tools: ",
                 lock.ok() ? common::ErrorText(errno) : lock.Reason());
    return;
  }
  service_dir.s6_lock = std::move(lock.fd);
}

}  // namespace supervise
