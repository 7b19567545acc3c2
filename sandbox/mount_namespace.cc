#include "sandbox/mount_namespace.h"

#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "common/unique_fd.h"
#include "sandbox/mountinfo.h"

namespace sandbox {

namespace {

enum class Kind { kReadOnly, kWritable, kInaccessible };

struct Rule {
  std::string path;
  Kind kind;
};

class ViewBuilder {
 public:
  ViewBuilder(ApplyFailure* failure) : failure_(failure) {}

  // `optional`: skipped when the path does not exist.
  bool Add(const std::string& path, Kind kind, bool optional) {
    char resolved[PATH_MAX];
    if (realpath(path.c_str(), resolved) == nullptr) {
      if (optional && errno == ENOENT) return true;
      return Fail(failure_, "filesystem view: " + path, errno);
    }
    rules_.push_back({resolved, kind});
    return true;
  }

  bool Build(bool private_tmp, const std::string& service_directory) {
    if (!BindEach() || !MakeReadOnly() || !Verify()) return false;
    // Before /tmp may be covered: the working directory keeps the service
    // directory reachable even if it lies there.
    if (chdir(service_directory.c_str()) != 0) {
      return Fail(failure_, "filesystem view: chdir " + service_directory,
                  errno);
    }
    if (private_tmp && !PrivateTmp()) return false;
    return CoverInaccessible();
  }

 private:
  // The deepest read-only or writable rule covering `path`.
  const Rule* Governing(const std::string& path) const {
    const Rule* best = nullptr;
    for (const Rule& rule : rules_) {
      if (rule.kind == Kind::kInaccessible) continue;
      if (!PathAtOrBeneath(path, rule.path)) continue;
      if (best == nullptr || rule.path.size() >= best->path.size()) {
        best = &rule;
      }
    }
    return best;
  }

  bool BindEach() {
    std::vector<const Rule*> order;
    for (const Rule& rule : rules_) {
      if (rule.kind != Kind::kInaccessible && rule.path != "/") {
        order.push_back(&rule);
      }
    }
    std::stable_sort(order.begin(), order.end(),
                     [](const Rule* a, const Rule* b) {
                       return a->path.size() < b->path.size();
                     });
    for (const Rule* rule : order) {
      if (mount(rule->path.c_str(), rule->path.c_str(), nullptr,
                MS_BIND | MS_REC, nullptr) != 0) {
        return Fail(failure_, "filesystem view: bind " + rule->path, errno);
      }
    }
    return true;
  }

  bool MakeReadOnly() {
    std::vector<MountEntry> mounts = ReadMountInfo();
    if (mounts.empty()) {
      return Fail(failure_, "filesystem view: /proc/self/mountinfo", errno);
    }
    struct mount_attr attr = {};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    for (const MountEntry& entry : mounts) {
      const Rule* rule = Governing(entry.mount_point);
      if (rule == nullptr || rule->kind != Kind::kReadOnly) continue;
      if (mount_setattr(AT_FDCWD, entry.mount_point.c_str(),
                        AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, &attr,
                        sizeof(attr)) != 0 &&
          errno != ENOENT) {
        return Fail(failure_, "filesystem view: read-only " + entry.mount_point,
                    errno);
      }
    }
    return true;
  }

  bool PrivateTmp() {
    for (const char* path : {"/tmp", "/var/tmp"}) {
      struct stat info;
      if (stat(path, &info) != 0 && errno == ENOENT) continue;
      if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") !=
          0) {
        return Fail(failure_, std::string("filesystem view: private ") + path,
                    errno);
      }
    }
    return true;
  }

  // One small read-only tmpfs, detached, holding an empty directory and
  // an empty file, both mode 000; each inaccessible path gets a clone of
  // the one of its type on top.
  bool CoverInaccessible() {
    bool any = std::any_of(rules_.begin(), rules_.end(), [](const Rule& r) {
      return r.kind == Kind::kInaccessible;
    });
    if (!any) return true;
    common::UniqueFd context(fsopen("tmpfs", FSOPEN_CLOEXEC));
    if (!context.valid() ||
        fsconfig(context.get(), FSCONFIG_SET_STRING, "mode", "0000", 0) != 0 ||
        fsconfig(context.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) !=
            0) {
      return Fail(failure_, "filesystem view: empty tmpfs", errno);
    }
    common::UniqueFd staging(
        fsmount(context.get(), FSMOUNT_CLOEXEC,
                MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC));
    if (!staging.valid() || mkdirat(staging.get(), "dir", 0) != 0) {
      return Fail(failure_, "filesystem view: empty tmpfs", errno);
    }
    common::UniqueFd file(openat(staging.get(), "file",
                                 O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0));
    if (!file.valid()) {
      return Fail(failure_, "filesystem view: empty tmpfs", errno);
    }
    file.Reset();  // a file open for writing keeps a mount writable
    struct mount_attr attr = {};
    attr.attr_set = MOUNT_ATTR_RDONLY;
    if (mount_setattr(staging.get(), "", AT_EMPTY_PATH, &attr, sizeof(attr)) !=
        0) {
      return Fail(failure_, "filesystem view: empty tmpfs", errno);
    }
    for (const Rule& rule : rules_) {
      if (rule.kind != Kind::kInaccessible) continue;
      struct stat info;
      if (stat(rule.path.c_str(), &info) != 0) {
        return Fail(failure_, "filesystem view: " + rule.path, errno);
      }
      common::UniqueFd cover(open_tree(staging.get(),
                                       S_ISDIR(info.st_mode) ? "dir" : "file",
                                       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC));
      if (!cover.valid() ||
          move_mount(cover.get(), "", AT_FDCWD, rule.path.c_str(),
                     MOVE_MOUNT_F_EMPTY_PATH) != 0) {
        return Fail(failure_, "filesystem view: inaccessible " + rule.path,
                    errno);
      }
    }
    return true;
  }

  // Fail closed: a read-only path that is not read-only stops the start.
  bool Verify() {
    for (const Rule& rule : rules_) {
      if (rule.kind != Kind::kReadOnly || Governing(rule.path) != &rule) {
        continue;
      }
      struct statvfs info;
      if (statvfs(rule.path.c_str(), &info) != 0) {
        return Fail(failure_, "filesystem view: " + rule.path, errno);
      }
      if ((info.f_flag & ST_RDONLY) == 0) {
        return Fail(failure_, "filesystem view: still writable: " + rule.path,
                    EROFS);
      }
    }
    return true;
  }

  ApplyFailure* failure_;
  std::vector<Rule> rules_;
};

}  // namespace

bool SetUpFilesystemView(const FilesystemPolicy& policy,
                         const std::string& service_directory,
                         ApplyFailure* failure) {
  if (unshare(CLONE_NEWNS) != 0) {
    return Fail(failure, "mount namespace", errno);
  }
  if (mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0) {
    return Fail(failure, "mount namespace: slave /", errno);
  }
  ViewBuilder view(failure);
  bool ok = true;
  switch (policy.protect_system) {
    case ProtectSystem::kStrict:
      ok = ok && view.Add("/", Kind::kReadOnly, false);
      for (const char* api : {"/dev", "/proc", "/sys"}) {
        ok = ok && view.Add(api, Kind::kWritable, true);
      }
      break;
    case ProtectSystem::kFull:
      ok = ok && view.Add("/etc", Kind::kReadOnly, true);
      [[fallthrough]];
    case ProtectSystem::kYes:
      for (const char* system : {"/usr", "/boot", "/efi"}) {
        ok = ok && view.Add(system, Kind::kReadOnly, true);
      }
      break;
    case ProtectSystem::kNo:
      break;
  }
  if (policy.protect_home != ProtectHome::kNo) {
    Kind kind = policy.protect_home == ProtectHome::kYes ? Kind::kInaccessible
                                                         : Kind::kReadOnly;
    for (const char* home : {"/home", "/root", "/run/user"}) {
      ok = ok && view.Add(home, kind, true);
    }
  }
  for (const std::string& path : policy.read_only) {
    ok = ok && view.Add(path, Kind::kReadOnly, false);
  }
  if (!policy.service_dir_writable.value_or(false)) {
    ok = ok && view.Add(service_directory, Kind::kReadOnly, false);
  }
  for (const std::string& path : policy.writable) {
    ok = ok && view.Add(path, Kind::kWritable, false);
  }
  for (const std::string& path : policy.inaccessible) {
    ok = ok && view.Add(path, Kind::kInaccessible, false);
  }
  return ok && view.Build(policy.private_tmp, service_directory);
}

}  // namespace sandbox
