// Whom multilog and its processors run as. A log directory owned by
// another account is that account's to fill with links, FIFOs and races;
// a root multilog there would reach files the account cannot. So a root
// multilog whose log directories all belong to one other account becomes
// that account (after opening what only root may open, before reading
// any input) and keeps no capability; see docs/SECURITY.md.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <optional>
#include <span>

namespace log_tools {

struct Owner {
  uid_t uid;
  gid_t gid;
};

inline constexpr gid_t kNoGroup = 65534;

// The identity to take for a directory described by `info`, or nullopt
// when root owns it. The gid is the directory's group; where that is
// root's group (a directory made by root and then given away with a bare
// `chown USER`), the owner's primary group from `passwd`, and nogroup when
// that is root's group too or the uid is not listed.
std::optional<Owner> OwnerOf(const struct stat& info,
                             const char* passwd = "/etc/passwd");

// The identity every directory agrees on: the owner of the first when all
// have the same non-root owner; nullopt when there is none, when one is
// root's or when owners differ. Then multilog stays root (with the two
// capabilities it needs) and relies on never following a link.
std::optional<Owner> CommonOwner(std::span<const struct stat> directories,
                                 const char* passwd = "/etc/passwd");

// Becomes `owner` for good: an empty capability bounding set, not
// dumpable (the process holds descriptors root opened; the owner must not
// take them with ptrace), no supplementary groups, then real, effective
// and saved gid and uid. Leaving uid 0 clears every capability. Returns
// false with errno set on failure.
bool BecomeOwner(const Owner& owner);

}  // namespace log_tools
