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
// Parsing is pure: names are resolved later (resolve.h), so the parser can
// be fuzzed and a bad file is refused before anything is dropped.
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
