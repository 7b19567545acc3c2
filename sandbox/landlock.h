// Landlock for a process that confines itself: after RestrictPaths it can
// open, create, rename or remove files only where a rule allows it, and
// nothing can lift that again (it survives exec and is inherited). The
// newest ABI the kernel reports is used, and every filesystem right that
// ABI knows is handled: a right no rule grants is denied everywhere. TCP
// bind/connect (ABI 4) is handled the same way, so a confined process
// cannot use TCP at all; signals are not scoped (supervise's monitor must
// signal services outside its domain).
//
// Raw system calls, no library: the kernel's headers on the build machine
// may predate the ABI in use.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace sandbox {

// Filesystem access rights (the kernel's LANDLOCK_ACCESS_FS_*).
namespace landlock {
inline constexpr uint64_t kExecute = 1ULL << 0;
inline constexpr uint64_t kWriteFile = 1ULL << 1;
inline constexpr uint64_t kReadFile = 1ULL << 2;
inline constexpr uint64_t kReadDir = 1ULL << 3;
inline constexpr uint64_t kRemoveDir = 1ULL << 4;
inline constexpr uint64_t kRemoveFile = 1ULL << 5;
inline constexpr uint64_t kMakeChar = 1ULL << 6;
inline constexpr uint64_t kMakeDir = 1ULL << 7;
inline constexpr uint64_t kMakeReg = 1ULL << 8;
inline constexpr uint64_t kMakeSock = 1ULL << 9;
inline constexpr uint64_t kMakeFifo = 1ULL << 10;
inline constexpr uint64_t kMakeBlock = 1ULL << 11;
inline constexpr uint64_t kMakeSym = 1ULL << 12;
inline constexpr uint64_t kRefer = 1ULL << 13;     // ABI 2
inline constexpr uint64_t kTruncate = 1ULL << 14;  // ABI 3
inline constexpr uint64_t kIoctlDev = 1ULL << 15;  // ABI 5

// Read files and list directories beneath.
inline constexpr uint64_t kRead = kReadFile | kReadDir;
// Also create, write, truncate, rename and remove regular files beneath
// (renames within one directory; moving between directories needs kRefer).
inline constexpr uint64_t kWriteFiles =
    kRead | kWriteFile | kTruncate | kMakeReg | kRemoveFile;
}  // namespace landlock

struct LandlockRule {
  std::string path;  // a directory (rights beneath it) or a file
  uint64_t access = 0;
};

struct LandlockResult {
  enum Status {
    kApplied,      // the process is confined
    kUnsupported,  // the kernel has no Landlock, or it is disabled: go on
    kFailed,       // Landlock is there but the process is NOT confined
  } status = kFailed;
  int abi = 0;        // the ABI used (kApplied) or reported
  int error = 0;      // errno (kUnsupported, kFailed)
  std::string where;  // what failed: a path or a step (kFailed)
};

// The Landlock ABI version of the running kernel, or 0 (errno set) when
// it has none.
int LandlockAbi();

// Confines the calling process (and what it starts) to `rules`. Sets
// no_new_privs first, which Landlock needs from an unprivileged process.
// Paths are opened as given (relative to the working directory, symbolic
// links followed: the rule lands on the inode they name). Rights the
// kernel's ABI lacks are dropped from each rule, so a rule may name any.
// `files_only`: handle filesystem rights only (a service's rules), leaving
// TCP and abstract sockets alone.
LandlockResult RestrictPaths(std::span<const LandlockRule> rules,
                             bool files_only = false);

// "Landlock ABI N", "this kernel has no Landlock", "Landlock failed on
// WHERE: ERROR" and the like, for warnings and fatal messages.
std::string Describe(const LandlockResult& result);

}  // namespace sandbox
