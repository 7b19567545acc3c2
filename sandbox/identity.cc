#include "sandbox/identity.h"

#include <grp.h>
#include <pwd.h>

#include <cstdlib>

namespace sandbox {

namespace {

std::optional<unsigned long> Numeric(const std::string& text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  unsigned long value = std::strtoul(text.c_str(), nullptr, 10);
  // -1 means "unchanged" to the kernel; never a real id.
  if (value >= 0xffffffffUL) return std::nullopt;
  return value;
}

}  // namespace

std::optional<uid_t> LookUpUser(const std::string& name,
                                std::optional<gid_t>* primary_gid) {
  struct passwd* entry = nullptr;
  if (std::optional<unsigned long> number = Numeric(name)) {
    entry = getpwuid(static_cast<uid_t>(*number));
    if (entry == nullptr) return static_cast<uid_t>(*number);
  } else {
    entry = getpwnam(name.c_str());
  }
  if (entry == nullptr) return std::nullopt;
  *primary_gid = entry->pw_gid;
  return entry->pw_uid;
}

std::optional<gid_t> LookUpGroup(const std::string& name) {
  if (std::optional<unsigned long> number = Numeric(name)) {
    return static_cast<gid_t>(*number);
  }
  struct group* entry = getgrnam(name.c_str());
  if (entry == nullptr) return std::nullopt;
  return entry->gr_gid;
}

bool ResolvePolicy(const Policy& policy, ResolvedPolicy* resolved,
                   std::string* error) {
  resolved->policy = policy;
  std::optional<gid_t> user_gid;
  if (policy.user) {
    resolved->uid = LookUpUser(*policy.user, &user_gid);
    if (!resolved->uid) {
      *error = "unknown user " + *policy.user;
      return false;
    }
  }
  if (policy.group) {
    resolved->gid = LookUpGroup(*policy.group);
    if (!resolved->gid) {
      *error = "unknown group " + *policy.group;
      return false;
    }
  } else if (policy.user) {
    if (!user_gid) {
      *error = "user " + *policy.user + " has no group; set group";
      return false;
    }
    resolved->gid = user_gid;
  }
  if (policy.ChangesIdentity()) {
    resolved->set_groups = true;
    for (const std::string& name :
         policy.groups.value_or(std::vector<std::string>{})) {
      std::optional<gid_t> gid = LookUpGroup(name);
      if (!gid) {
        *error = "unknown group " + name;
        return false;
      }
      resolved->groups.push_back(*gid);
    }
  }
  if (policy.control_group) {
    resolved->control_gid = LookUpGroup(*policy.control_group);
    if (!resolved->control_gid) {
      *error = "unknown group " + *policy.control_group;
      return false;
    }
  }
  return CompileSeccomp(policy.seccomp, &resolved->filter, error);
}

}  // namespace sandbox
