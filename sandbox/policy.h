// A per-service sandbox policy as plain data, and its text format.
//
// The file holds one setting per line; blank lines and lines starting with
// '#' are ignored. Every setting may appear once, except rlimit (once per
// resource):
//
//   user NAME|UID            run ./run as this user (its primary group
//                            unless "group" says otherwise)
//   group NAME|GID           primary group
//   groups NAME,...|none     supplementary groups, exactly these
//                            (default: none when user/group is set)
//   capabilities CAP,...|none  keep only these (bounding, permitted,
//                            effective, inheritable and ambient), e.g.
//                            net_bind_service
//   no_new_privs yes|no      default: yes when the policy changes identity,
//                            capabilities or seccomp
//   seccomp allow|deny ITEM...  syscall names and @groups
//   seccomp_action kill|errno NAME|NUMBER   default: kill
//   rlimit RESOURCE SOFT[:HARD]   resource as in setrlimit without RLIMIT_
//                            (nofile, nproc, as, core, ...); "unlimited"
//   umask OCTAL
//   control_group NAME|GID   members of this group may use svc/svstat/svok
//
// Deeper confinement (see docs/SECURITY.md, "Confinement keys"); PATH is
// absolute, and the path lists may be given on several lines:
//
//   cgroup yes|no            own cgroup v2 group (default: yes where
//                            supervise can make one)
//   kill_mode control-group|process   what is killed once ./run exited
//                            (default: control-group with a cgroup)
//   memory_max BYTES[K|M|G]|max   pids_max N|max   cpu_weight 1-10000
//   read_only PATH...  inaccessible PATH...  writable PATH...
//   private_tmp yes|no       protect_system no|yes|full|strict
//   protect_home no|yes|read-only   service_dir read-only|writable
//   landlock_read PATH...  landlock_write PATH...  landlock_execute PATH...
//   landlock enforce|best_effort
//   private_network yes|no   private_ipc yes|no   private_uts HOSTNAME
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

struct ParseResult {
  std::optional<Policy> policy;
  std::string error;  // "line N: ..." when policy is empty
};

ParseResult ParsePolicy(const std::string& text);

}  // namespace sandbox
