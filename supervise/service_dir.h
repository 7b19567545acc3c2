// The supervise/ directory: created, locked and its FIFOs opened in the
// order daemontools 0.76 uses, with its exact fatal messages (exit 111).
#pragma once

#include <sys/types.h>

#include <string>

#include "common/unique_fd.h"

namespace supervise {

struct ServiceDir {
  common::UniqueFd lock;
  common::UniqueFd control_read;
  // Held open so that reads from control never see end of file.
  common::UniqueFd control_write;
  common::UniqueFd ok_read;
};

// Steps that precede the first status write: make supervise/ (following a
// dangling symlink once, like Debian's patch), take the lock, open control.
// Dies with the daemontools message on failure. Runs in the service dir.
void OpenLockAndControl(const std::string& dir, ServiceDir& service_dir);

// The last step: create and open supervise/ok, which tells svok and svstat
// that supervise is running. Dies on failure.
void OpenOk(const std::string& dir, ServiceDir& service_dir);

// Lets members of `gid` use svc, svstat and svok on this service:
// supervise/ becomes 0750 with that group, control and ok 0620, status
// group-owned. Returns false (errno set) on failure.
bool GrantControlToGroup(gid_t gid);

}  // namespace supervise
