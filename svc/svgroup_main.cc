// svgroup GROUP DIR...: lets the members of GROUP control the services in
// DIR... with svc, svstat and svok: supervise/ becomes group GROUP, mode
// 2750; control and ok 0620; status group-owned. Every file is opened
// relative to a held directory descriptor and never through a symbolic
// link, and changed through that descriptor, so a link planted inside a
// service directory cannot redirect the change. DIR itself is resolved
// without following any symbolic link at all: a link anywhere in the path
// (for example a user's delegated directory swapped for a link to another
// service) is refused, so the group is given exactly the directory named.
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "common/unique_fd.h"
#include "sandbox/identity.h"
#include "sandbox/lockdown.h"

namespace {

// Reading /etc/group, opening and changing files through descriptors.
constexpr int kAllowList[] = {SYS_openat, SYS_openat2,    SYS_read,  SYS_close,
                              SYS_fstat,  SYS_newfstatat, SYS_lseek, SYS_fchown,
                              SYS_fchmod, SYS_write};

struct Entry {
  const char* name;
  mode_t mode;
  bool fifo;
};

constexpr Entry kEntries[] = {
    {"control", 0620, true}, {"ok", 0620, true}, {"status", 0644, false}};

// "unable to set up DIR/superviseWHAT: ERR"; false, for `ok`.
bool SetUpFailed(const char* dir, const char* what) {
  common::WarnSys("unable to set up ", dir, "/supervise", what);
  return false;
}

// DIR with no symbolic link in any component of the path.
int OpenWithoutLinks(const char* dir) {
  struct open_how how = {};
  how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  return static_cast<int>(
      syscall(SYS_openat2, AT_FDCWD, dir, &how, sizeof(how)));
}

bool SetUp(const char* dir, gid_t gid) {
  common::UniqueFd service(OpenWithoutLinks(dir));
  if (!service.valid()) {
    if (errno == ELOOP) {
      common::Warn("unable to set up ", dir,
                   ": the path has a symbolic link; name the real "
                   "directory");
      return false;
    }
    return SetUpFailed(dir, "");
  }
  common::UniqueFd supervise(
      openat(service.get(), "supervise",
             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!supervise.valid()) return SetUpFailed(dir, "");
  bool ok = true;
  for (const Entry& entry : kEntries) {
    std::string what = std::string("/") + entry.name;
    // Non-blocking: opening a FIFO for reading must not wait for a writer.
    common::UniqueFd fd(openat(supervise.get(), entry.name,
                               O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    struct stat info;
    if (!fd.valid() || fstat(fd.get(), &info) != 0) {
      ok = SetUpFailed(dir, what.c_str());
      continue;
    }
    // One link only: another name for it could be a file this tool must
    // not hand to the group.
    if ((entry.fifo ? !S_ISFIFO(info.st_mode) : !S_ISREG(info.st_mode)) ||
        info.st_nlink != 1) {
      errno = EINVAL;
      ok = SetUpFailed(dir, what.c_str());
      continue;
    }
    if (!common::SetAccess(fd.get(), std::nullopt, gid, entry.mode))
      ok = SetUpFailed(dir, what.c_str());
  }
  if (!common::SetAccess(supervise.get(), std::nullopt, gid, 02750))
    ok = SetUpFailed(dir, "");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("svgroup");
  // CAP_FSETID: the setgid bit on supervise/ for a group root is not in.
  constexpr int kKeep[] = {CAP_CHOWN, CAP_FOWNER, CAP_FSETID};
  sandbox::LockDownProcess(kAllowList, kKeep);
  if (argc < 3) common::DieUsage("svgroup: usage: svgroup group dir ...");
  std::optional<gid_t> gid = sandbox::LookUpGroup(argv[1]);
  if (!gid) common::DieFatal(111, "unknown group ", argv[1]);
  bool ok = true;
  for (int i = 2; i < argc; ++i) ok = SetUp(argv[i], *gid) && ok;
  return ok ? 0 : 111;
}
