// svscan's table of services, keyed by the directory's device and inode
// (two names for one directory are one service; a renamed directory keeps
// its supervise). Pure bookkeeping: no system calls.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/unique_fd.h"

namespace svscan {

struct ServiceKey {
  dev_t device = 0;
  ino_t inode = 0;
  friend auto operator<=>(const ServiceKey&, const ServiceKey&) = default;
};

// One supervise process slot: the main service or its log.
struct Slot {
  pid_t pid = 0;
  int64_t last_start_ms = INT64_MIN / 2;
  // Shutdown progress (see shutdown.h): how far the stop has escalated and
  // since when.
  int stop_phase = 0;
  int64_t stop_since_ms = 0;
};

struct Service {
  std::string name;
  bool active = false;  // seen in the latest scan
  bool has_log = false;
  // The log pipe, held for the whole life of the entry so that no byte in
  // it is lost when either supervise restarts.
  common::UniqueFd pipe_read;
  common::UniqueFd pipe_write;
  Slot main;
  Slot log;
  // Milliseconds between the steps of a shutdown (file timeout-kill).
  int64_t stop_timeout_ms = 0;
};

class ServiceTable {
 public:
  // Returns the service for `key`, or nullptr.
  Service* Find(const ServiceKey& key);
  // Adds a new service; the caller fills it in.
  Service& Add(const ServiceKey& key, const std::string& name);

  void MarkAllInactive();
  // Records that `pid` now runs in a slot of `key`'s service.
  void Started(const ServiceKey& key, bool log, pid_t pid, int64_t now_ms);
  // Clears the slot whose supervise had `pid`. Returns the service, or
  // nullptr if the pid was not one of ours.
  Service* ChildExited(pid_t pid);
  // Drops services that vanished from the directory and have no supervise
  // left. Returns how many were dropped.
  size_t ForgetGone();

  size_t size() const { return services_.size(); }
  template <typename Function>
  void ForEach(Function function) {
    for (auto& [key, service] : services_) function(key, service);
  }

 private:
  std::map<ServiceKey, Service> services_;
  std::map<pid_t, ServiceKey> by_pid_;
};

}  // namespace svscan
