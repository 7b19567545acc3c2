// The supervise/ directory: created, locked and its FIFOs opened in the
// order daemontools 0.76 uses, with its exact fatal messages (exit 111).
// Every name is reached relative to a held descriptor for supervise/,
// never through a symbolic link, and checked for its type after opening:
// supervise/ may sit in a tree other accounts can write to.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "common/unique_fd.h"

namespace supervise {

struct ServiceDir {
  common::UniqueFd service;    // the service directory itself
  common::UniqueFd supervise;  // supervise/, checked as trusted
  common::UniqueFd lock;
  common::UniqueFd control_read;
  // Held open so that reads from control never see end of file.
  common::UniqueFd control_write;
  common::UniqueFd ok_read;
  // lock opened for writing, holding an fcntl write lock (see
  // ServeS6Helpers); invalid when not taken.
  common::UniqueFd s6_lock;
};

// Steps that precede the first status write: make supervise/ (following a
// dangling symlink once, like Debian's patch), check that it can be
// trusted, take the lock, open control. Dies with the daemontools message
// on failure. Runs in the service dir.
void OpenLockAndControl(const std::string& dir, ServiceDir& service_dir);

// The last step: create and open supervise/ok, which tells svok and svstat
// that supervise is running. Dies on failure.
void OpenOk(const std::string& dir, ServiceDir& service_dir);

// Who may use svc, svstat and svok on this service. With a group, its
// members may: supervise/ becomes 02750 with that group, control and ok
// 0620, status group-owned. Without one, only root: supervise/ 0700,
// control and ok 0600, everything group root, so access given to an
// earlier group is taken back. All of it becomes root's when supervise
// runs as root. Through descriptors only. Returns false (errno set) on
// failure.
bool SetControlAccess(const ServiceDir& service_dir, std::optional<gid_t> gid);

// s6's helpers (s6-notifyoncheck, s6-svok) decide that a supervisor runs
// by an fcntl lock on supervise/lock, which flock does not show, and
// s6-notifyoncheck subscribes to the fifodir event/ in the service
// directory. When the service uses s6's notification-fd at supervise's
// start, supervise also takes that lock, through a descriptor opened for
// writing (the cost: the mount of supervise/ cannot be remounted
// read-only meanwhile), and makes event/ (mode 3730, root's) if it is
// missing; it sends no events into it. Failures are warnings.
void ServeS6Helpers(const std::string& dir, ServiceDir& service_dir);

}  // namespace supervise
