#include "sandbox/cgroup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "common/error_text.h"
#include "common/safe_file.h"
#include "sandbox/mountinfo.h"
#include "sandbox/text_split.h"

namespace sandbox {

namespace {

constexpr char kParentName[] = "daemontools";

std::string ErrorString(int error) {
  return std::string(common::ErrorText(error));
}

bool ReadSmallFile(const std::string& path, std::string* text) {
  common::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  return fd.valid() && common::ReadUpTo(fd.get(), 64 * 1024, text);
}

bool WriteSmallFile(const std::string& path, const std::string& text,
                    std::string* error) {
  common::UniqueFd fd(open(path.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd.valid() || write(fd.get(), text.data(), text.size()) !=
                         static_cast<ssize_t>(text.size())) {
    *error = "cannot write " + text + " to " + path + ": " + ErrorString(errno);
    return false;
  }
  return true;
}

bool HasWord(const std::string& text, const std::string& word) {
  for (const std::string& each : Words(text)) {
    if (each == word) return true;
  }
  return false;
}

struct Limit {
  const char* controller;
  const char* file;
  const std::optional<uint64_t>* value;
  const char* unset;  // what an unset limit is written back as
};

std::vector<Limit> LimitsOf(const CgroupPolicy& policy) {
  return {{"memory", "memory.max", &policy.memory_max, "max"},
          {"pids", "pids.max", &policy.pids_max, "max"},
          {"cpu", "cpu.weight", &policy.cpu_weight, "100"}};
}

bool MakeDirectory(const std::string& path, std::string* error) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    *error = "cannot create " + path + ": " + ErrorString(errno);
    return false;
  }
  struct stat info;
  if (lstat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    *error = path + " is not a cgroup directory";
    return false;
  }
  return true;
}

}  // namespace

std::string Cgroup2Mount(std::string* error) {
  for (const MountEntry& entry : ReadMountInfo()) {
    if (entry.type == "cgroup2") return entry.mount_point;
  }
  *error = "cgroup v2 is not mounted";
  return "";
}

std::string OwnCgroupDirectory(std::string* error) {
  std::string mount = Cgroup2Mount(error);
  if (mount.empty()) return "";
  std::string text;
  if (!ReadSmallFile("/proc/self/cgroup", &text)) {
    *error = "cannot read /proc/self/cgroup: " + ErrorString(errno);
    return "";
  }
  for (const std::string& line : Lines(text)) {
    // The v2 line is "0::PATH"; a path outside our cgroup namespace
    // shows as "/.." and cannot be used.
    if (line.rfind("0::/", 0) != 0) continue;
    std::string path = line.substr(3);
    if (path.find("/..") != std::string::npos) break;
    return path == "/" ? mount : mount + path;
  }
  *error = "no cgroup v2 group in /proc/self/cgroup";
  return "";
}

std::string MissingController(const CgroupPolicy& policy,
                              const std::string& own_directory) {
  std::string enabled;
  ReadSmallFile(own_directory + "/cgroup.subtree_control", &enabled);
  for (const Limit& limit : LimitsOf(policy)) {
    if (!limit.value->has_value() || HasWord(enabled, limit.controller)) {
      continue;
    }
    return std::string("the cgroup v2 ") + limit.controller +
           " controller is not available below " + own_directory +
           " (not in its cgroup.subtree_control; on a hybrid host it may be "
           "on cgroup v1)";
  }
  return "";
}

std::string CgroupsUnusable() {
  std::string error;
  std::string own = OwnCgroupDirectory(&error);
  if (own.empty()) return error;
  if (access(own.c_str(), W_OK) != 0) {
    return "cannot create groups in " + own + ": " + ErrorString(errno);
  }
  return "";
}

std::string ServiceCgroupPath(dev_t device, ino_t inode, std::string* error) {
  std::string own = OwnCgroupDirectory(error);
  if (own.empty()) return "";
  return own + "/" + kParentName + "/svc-" + std::to_string(device) + "-" +
         std::to_string(inode);
}

bool PrepareServiceCgroup(const CgroupPolicy& policy, dev_t device, ino_t inode,
                          ServiceCgroup* group, std::string* error) {
  std::string own = OwnCgroupDirectory(error);
  if (own.empty()) return false;
  if (std::string missing = MissingController(policy, own); !missing.empty()) {
    *error = missing;
    return false;
  }
  std::string parent = own + "/" + kParentName;
  if (!MakeDirectory(parent, error)) return false;
  std::string controllers;
  for (const Limit& limit : LimitsOf(policy)) {
    if (limit.value->has_value()) {
      controllers +=
          std::string(controllers.empty() ? "+" : " +") + limit.controller;
    }
  }
  if (!controllers.empty() &&
      !WriteSmallFile(parent + "/cgroup.subtree_control", controllers, error)) {
    return false;
  }
  group->path = ServiceCgroupPath(device, inode, error);
  if (!MakeDirectory(group->path, error)) return false;
  struct stat info;
  if (stat((group->path + "/cgroup.kill").c_str(), &info) != 0) {
    *error = "this kernel has no cgroup.kill (needs Linux 5.14)";
    return false;
  }
  for (const Limit& limit : LimitsOf(policy)) {
    std::string path = group->path + "/" + limit.file;
    if (limit.value->has_value()) {
      uint64_t value = **limit.value;
      if (!WriteSmallFile(path,
                          value == UINT64_MAX ? "max" : std::to_string(value),
                          error)) {
        return false;
      }
    } else if (access(path.c_str(), F_OK) == 0) {
      // A group reused from an earlier start keeps no stale limit.
      WriteSmallFile(path, limit.unset, error);
    }
  }
  group->procs.Reset(open((group->path + "/cgroup.procs").c_str(),
                          O_WRONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!group->procs.valid()) {
    *error =
        "cannot open " + group->path + "/cgroup.procs: " + ErrorString(errno);
    return false;
  }
  return true;
}

int JoinCgroup(int procs_fd) {
  // "0" is the writer itself.
  if (write(procs_fd, "0", 1) != 1) return errno != 0 ? errno : EIO;
  return 0;
}

bool KillCgroup(const std::string& path, int timeout_ms, std::string* error) {
  if (!WriteSmallFile(path + "/cgroup.kill", "1", error)) {
    if (errno == ENOENT) return true;  // no group: nothing left
    return false;
  }
  // cgroup.kill sends SIGKILL; the processes die as they are scheduled.
  for (int waited = 0;; waited += 10) {
    std::string events;
    if (!ReadSmallFile(path + "/cgroup.events", &events)) break;
    if (events.find("populated 0") != std::string::npos) break;
    if (waited >= timeout_ms) {
      *error = path + " still holds processes after cgroup.kill";
      return false;
    }
    struct timespec pause = {0, 10 * 1000 * 1000};
    nanosleep(&pause, nullptr);
  }
  rmdir(path.c_str());
  return true;
}

}  // namespace sandbox
