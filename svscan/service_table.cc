#include "svscan/service_table.h"

namespace svscan {

Service* ServiceTable::Find(const ServiceKey& key) {
  auto found = services_.find(key);
  return found == services_.end() ? nullptr : &found->second;
}

Service& ServiceTable::Add(const ServiceKey& key, const std::string& name) {
  Service& service = services_[key];
  service.name = name;
  return service;
}

void ServiceTable::MarkAllInactive() {
  for (auto& [key, service] : services_) service.active = false;
}

void ServiceTable::Started(const ServiceKey& key, bool log, pid_t pid,
                           int64_t now_ms) {
  Service* service = Find(key);
  if (service == nullptr) return;
  Slot& slot = log ? service->log : service->main;
  slot.pid = pid;
  slot.last_start_ms = now_ms;
  by_pid_[pid] = key;
}

Service* ServiceTable::ChildExited(pid_t pid) {
  auto found = by_pid_.find(pid);
  if (found == by_pid_.end()) return nullptr;
  Service* service = Find(found->second);
  by_pid_.erase(found);
  if (service == nullptr) return nullptr;
  if (service->main.pid == pid) service->main.pid = 0;
  if (service->log.pid == pid) service->log.pid = 0;
  return service;
}

size_t ServiceTable::ForgetGone() {
  size_t dropped = 0;
  for (auto it = services_.begin(); it != services_.end();) {
    const Service& service = it->second;
    if (!service.active && service.main.pid == 0 && service.log.pid == 0) {
      it = services_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace svscan
