// Turning a parsed policy into numbers the kernel understands: user and
// group names to ids, and the seccomp filter to BPF. Done in the parent,
// before any child exists: NSS may load modules and open sockets, which
// has no place between fork and exec or under a filter.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sandbox/policy.h"
#include "sandbox/seccomp_filter.h"

namespace sandbox {

struct ResolvedPolicy {
  Policy policy;
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  // Supplementary groups to set, exactly; only used when `set_groups`.
  bool set_groups = false;
  std::vector<gid_t> groups;
  std::optional<gid_t> control_gid;
  CompiledFilter filter;
};

// Names are looked up in /etc/passwd and /etc/group only, never through
// NSS: a privileged, statically linked supervisor must not load NSS modules
// (and glibc cannot do so safely from a static binary). Numeric ids work
// for accounts kept elsewhere.
struct AccountEntry {
  std::string name;
  uint32_t id = 0;                    // uid or gid
  std::optional<uint32_t> second_id;  // passwd: the primary gid
};

// One line of /etc/passwd or /etc/group; nullopt if malformed.
std::optional<AccountEntry> ParseAccountLine(const std::string& line);

// A group name or number (svgroup's argument). Users are looked up only
// through ResolvePolicy, with their primary group.
std::optional<gid_t> LookUpGroup(const std::string& name);

// Returns false with `error` set (e.g. "unknown user web").
bool ResolvePolicy(const Policy& policy, ResolvedPolicy* resolved,
                   std::string* error);

}  // namespace sandbox
