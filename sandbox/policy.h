// A per-service sandbox policy as plain data, and its text format.
//
// The file holds one setting per line; blank lines and lines starting with
// '#' are ignored. A key may be given once unless it is repeatable; PATH
// is absolute and plain (no "." or ".." components). docs/SECURITY.md,
// "Confinement keys", says more about the deeper ones. The keys, from the
// table in policy.cc (`print_policy_keys --comment` prints this list and
// policy_keys_test compares it):
//
//   user NAME|UID
//       run ./run as this user (its primary group unless group says otherwise)
//   group NAME|GID
//       primary group
//   groups NAME,...|none
//       supplementary groups, exactly these; default: none when user or group
//       is set
//   capabilities CAP,...|none
//       keep only these (bounding, permitted, effective, inheritable and
//       ambient), e.g. net_bind_service
//   no_new_privs yes|no
//       the no_new_privs bit (seccomp and Landlock need it); default: yes when
//       the policy changes identity, capabilities or seccomp
//   seccomp allow|deny ITEM ...
//       a seccomp filter of syscall names and @groups
//   seccomp_action kill|errno NAME|NUMBER
//       what a refused syscall does; default: kill
//   rlimit RESOURCE SOFT[:HARD]   (repeatable)
//       once per resource, named as in setrlimit without RLIMIT_ (nofile,
//       nproc, as, core, ...); "unlimited" for none
//   umask OCTAL
//       the file mode creation mask
//   control_group NAME|GID
//       members of this group may use svc/svstat/svok
//   cgroup yes|no
//       a cgroup v2 group of the service's own; default: yes where supervise
//       can make one
//   kill_mode control-group|process
//       what is killed once ./run exited; default: control-group with a cgroup
//   memory_max BYTES[K|M|G]|max
//       the group's memory.max
//   pids_max N|max
//       the group's pids.max
//   cpu_weight 1-10000
//       the group's cpu.weight
//   protect_system no|yes|full|strict
//       read-only /usr, /boot and /efi (full: and /etc; strict: all but /dev,
//       /proc, /sys); default: no
//   protect_home no|yes|read-only
//       /home, /root and /run/user inaccessible (or read-only); default: no
//   read_only PATH ...   (repeatable)
//       read-only for the service, with every mount beneath
//   writable PATH ...   (repeatable)
//       stays writable inside a read-only tree
//   inaccessible PATH ...   (repeatable)
//       covered by an empty mode-000 directory or file
//   private_tmp yes|no
//       a fresh tmpfs on /tmp and /var/tmp; default: no
//   service_dir read-only|writable
//       the service directory as the service sees it; default: read-only
//       whenever there is a mount namespace
//   landlock_read PATH ...   (repeatable)
//       Landlock: read files and list directories beneath PATH
//   landlock_write PATH ...   (repeatable)
//       Landlock: also create, write and remove beneath PATH
//   landlock_execute PATH ...   (repeatable)
//       Landlock: read and execute beneath PATH
//   landlock enforce|best_effort
//       without Landlock ABI 3: refuse the start, or use what there is;
//       default: enforce
//   private_network yes|no
//       a network namespace with only loopback; default: no
//   private_ipc yes|no
//       an IPC namespace of the service's own; default: no
//   private_uts HOSTNAME
//       a UTS namespace with this host name
//
// Parsing is pure: names are resolved later (identity.h: ResolvePolicy),
// so the parser can be fuzzed and a bad file is refused before anything
// is dropped.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/parse_result.h"

namespace sandbox {

struct RlimitSetting {
  int resource = 0;
  uint64_t soft = 0;  // RLIM_INFINITY for "unlimited"
  uint64_t hard = 0;
};

enum class SeccompMode { kNone, kAllow, kDeny };

struct SeccompAction {
  enum Kind { kKill, kErrno } kind = kKill;
  int error_number = 0;
  friend bool operator==(const SeccompAction&, const SeccompAction&) = default;
};

struct SeccompPolicy {
  SeccompMode mode = SeccompMode::kNone;
  // Syscall names with every @group expanded, sorted and unique.
  std::vector<std::string> syscalls;
  SeccompAction action;
};

enum class ProtectSystem { kNo, kYes, kFull, kStrict };
enum class ProtectHome { kNo, kYes, kReadOnly };
enum class KillMode { kControlGroup, kProcess };

// The filesystem view (a mount namespace of its own).
struct FilesystemPolicy {
  std::vector<std::string> read_only;
  std::vector<std::string> inaccessible;
  std::vector<std::string> writable;
  bool private_tmp = false;
  ProtectSystem protect_system = ProtectSystem::kNo;
  ProtectHome protect_home = ProtectHome::kNo;
  // nullopt: read-only whenever a mount namespace is made.
  std::optional<bool> service_dir_writable;
};

struct LandlockPolicy {
  std::vector<std::string> read;
  std::vector<std::string> write;
  std::vector<std::string> execute;
  bool best_effort = false;
  bool Any() const {
    return !read.empty() || !write.empty() || !execute.empty();
  }
};

struct CgroupPolicy {
  std::optional<bool> enabled;  // nullopt: where supervise can make one
  std::optional<KillMode> kill_mode;
  std::optional<uint64_t> memory_max;  // UINT64_MAX for "max"
  std::optional<uint64_t> pids_max;
  std::optional<uint64_t> cpu_weight;
  bool Limits() const { return memory_max || pids_max || cpu_weight; }
};

struct NamespacePolicy {
  bool network = false;
  bool ipc = false;
  std::optional<std::string> hostname;  // a UTS namespace with this name
  bool Any() const { return network || ipc || hostname; }
};

struct Policy {
  std::optional<std::string> user;
  std::optional<std::string> group;
  std::optional<std::vector<std::string>> groups;
  // Capability numbers; nullopt means "not set" (leave them alone).
  std::optional<std::vector<int>> capabilities;
  std::optional<bool> no_new_privs;
  SeccompPolicy seccomp;
  std::vector<RlimitSetting> rlimits;
  std::optional<mode_t> umask;
  std::optional<std::string> control_group;
  FilesystemPolicy filesystem;
  LandlockPolicy landlock;
  CgroupPolicy cgroup;
  NamespacePolicy namespaces;

  // Whether the service gets a mount namespace of its own: any
  // filesystem key, or service_dir read-only.
  bool NeedsMountNamespace() const;
  // Keys that only supervise's spawner can honour (namespaces, mounts,
  // cgroups, Landlock): a baseline refuses them.
  bool HasDeepConfinement() const;
  // no_new_privs as it will be applied: explicit, or on by default when the
  // policy changes identity, capabilities or filters.
  bool EffectiveNoNewPrivs() const;
  bool ChangesIdentity() const { return user || group || groups; }
  // Confines (capabilities, seccomp or no_new_privs) without naming a
  // user, so a service started by root keeps uid 0, which owns its
  // directory and can rewrite this policy. Such a policy must say
  // "user root" to be used by supervise.
  bool ConfinesRootImplicitly() const;
};

// Why supervise (run by root) refuses a policy for which
// ConfinesRootImplicitly() holds; svpolicy check says the same.
inline constexpr char kConfinesRootImplicitly[] =
    "confines a service that keeps uid 0; say user root if that is meant";

using ParseResult = common::ParseResult<Policy>;

ParseResult ParsePolicy(const std::string& text);

// One key of the format, as the parser's table has it: for the manual
// (print_policy_keys) and the tests that keep policy(5) and the list at
// the top of this file equal to the table.
// Plain pointers, not string_view: half the relocated bytes in static-pie
// programs, where the table is written at every start.
struct PolicyKey {
  const char* name;
  const char* usage;          // its values, e.g. "NAME|UID"
  const char* default_value;  // when absent; "" if nothing to say
  const char* doc;            // one line
  bool repeatable;            // may appear on several lines
};

// Every key, in the table's order.
std::vector<PolicyKey> PolicyKeys();

}  // namespace sandbox
