// A cgroup v2 group per service, for limits and the whole-tree stop.
//
// Layout: beside supervise, in the cgroup supervise runs in (OWN, the
// cgroup svscan runs in when svscan started it), one parent group
// OWN/daemontools shared by every supervise there, and below it one group
// per service directory, named after the directory's device and inode
// ("svc-DEV-INO"), so a new supervise finds the group of a service it
// adopts. Only the services' groups hold processes (cgroup v2's "no
// internal processes" rule: the parent may then enable controllers for
// them). The spawner makes the group and writes the limits before each
// start; its child joins it before anything else; once ./run has exited
// the spawner kills whatever is left (cgroup.kill) and removes the group.
//
// Where cgroup v2 is, is read from /proc/self/mountinfo (a hybrid host
// mounts it at /sys/fs/cgroup/unified), never assumed.
#pragma once

#include <sys/types.h>

#include <string>

#include "common/unique_fd.h"
#include "sandbox/policy.h"

namespace sandbox {

// The mount point of cgroup v2, or "" with `error` set.
std::string Cgroup2Mount(std::string* error);

// The directory of the calling process's own cgroup v2 group, or "" with
// `error` set.
std::string OwnCgroupDirectory(std::string* error);

// "" when every limit `policy` sets has its controller available below
// `own_directory` (enabled in its cgroup.subtree_control, so the parent
// group may hand it on); otherwise why not.
std::string MissingController(const CgroupPolicy& policy,
                              const std::string& own_directory);

// Whether supervise could make groups here: cgroup v2 mounted and our own
// group writable. "" when it could, else why not.
std::string CgroupsUnusable();

// The group of one service, made and limited by the spawner.
struct ServiceCgroup {
  std::string path;        // absolute directory of the group
  common::UniqueFd procs;  // its cgroup.procs, open for writing
};

// Where the group of the service directory with device `device` and
// inode `inode` is (it may not exist), or "" with `error` set.
std::string ServiceCgroupPath(dev_t device, ino_t inode, std::string* error);

// Makes (or reuses) the group for the service directory with device
// `device` and inode `inode`, enables the controllers its limits need in
// the parent and writes the limits (unset ones back to "max"). Returns
// false with `error` set.
bool PrepareServiceCgroup(const CgroupPolicy& policy, dev_t device, ino_t inode,
                          ServiceCgroup* group, std::string* error);

// In the child: moves the calling process into the group. Plain system
// calls only (safe after a raw clone). Returns 0 or an errno.
int JoinCgroup(int procs_fd);

// Kills every process in the group (cgroup.kill), waits up to
// `timeout_ms` for it to empty and removes it. Returns false with `error`
// set if the group could not be emptied.
bool KillCgroup(const std::string& path, int timeout_ms, std::string* error);

}  // namespace sandbox
