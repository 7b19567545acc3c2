// /proc/self/mountinfo as data: where each mount is and of which type.
// Shared by the cgroup code (where is cgroup v2?) and the mount namespace
// code (which mounts lie beneath a read-only path?).
#pragma once

#include <string>
#include <vector>

namespace sandbox {

struct MountEntry {
  std::string mount_point;  // unescaped (\040 is a space)
  std::string type;         // e.g. "cgroup2"
};

// Pure: the entries of a mountinfo text; malformed lines are skipped.
std::vector<MountEntry> ParseMountInfo(const std::string& text);

// The calling process's mounts; empty if /proc is not readable.
std::vector<MountEntry> ReadMountInfo();

// Whether `path` is `base` or lies beneath it (both plain and absolute).
bool PathAtOrBeneath(const std::string& path, const std::string& base);

}  // namespace sandbox
