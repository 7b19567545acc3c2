#include "sandbox/landlock.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "common/error_text.h"
#include "common/unique_fd.h"

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif

namespace sandbox {

namespace {

// The kernel's structures, as of ABI 6; older kernels take a prefix.
struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;
  uint64_t scoped;
};

struct __attribute__((packed)) PathBeneathAttr {
  uint64_t allowed_access;
  int32_t parent_fd;
};

constexpr uint32_t kCreateRulesetVersion = 1U << 0;
constexpr int kRulePathBeneath = 1;
constexpr uint64_t kNetBindTcp = 1ULL << 0;
constexpr uint64_t kNetConnectTcp = 1ULL << 1;
constexpr uint64_t kScopeAbstractUnixSocket = 1ULL << 0;

// What a rule on a file (not a directory) may carry.
constexpr uint64_t kFileRights = landlock::kExecute | landlock::kWriteFile |
                                 landlock::kReadFile | landlock::kTruncate |
                                 landlock::kIoctlDev;

uint64_t FilesystemRightsOf(int abi) {
  uint64_t rights = (landlock::kMakeSym << 1) - 1;  // ABI 1: bits 0-12
  if (abi >= 2) rights |= landlock::kRefer;
  if (abi >= 3) rights |= landlock::kTruncate;
  if (abi >= 5) rights |= landlock::kIoctlDev;
  return rights;
}

LandlockResult Failed(int abi, std::string where) {
  LandlockResult result;
  result.status = LandlockResult::kFailed;
  result.abi = abi;
  result.error = errno;
  result.where = std::move(where);
  return result;
}

}  // namespace

int LandlockAbi() {
  long abi =
      syscall(SYS_landlock_create_ruleset, nullptr, 0, kCreateRulesetVersion);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

LandlockResult RestrictPaths(std::span<const LandlockRule> rules,
                             bool files_only) {
  int abi = LandlockAbi();
  if (abi <= 0) {
    // ENOSYS: not built in; EOPNOTSUPP: built in but not enabled at boot.
    if (errno != ENOSYS && errno != EOPNOTSUPP) {
      return Failed(0, "landlock_create_ruleset");
    }
    LandlockResult result;
    result.status = LandlockResult::kUnsupported;
    result.error = errno;
    return result;
  }
  RulesetAttr attr = {};
  attr.handled_access_fs = FilesystemRightsOf(abi);
  size_t size = sizeof(attr.handled_access_fs);
  if (abi >= 4 && !files_only) {
    attr.handled_access_net = kNetBindTcp | kNetConnectTcp;
    size += sizeof(attr.handled_access_net);
  }
  if (abi >= 6 && !files_only) {
    attr.scoped = kScopeAbstractUnixSocket;
    size += sizeof(attr.scoped);
  }
  common::UniqueFd ruleset(
      static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, size, 0)));
  if (ruleset.get() < 0) return Failed(abi, "landlock_create_ruleset");
  for (const LandlockRule& rule : rules) {
    common::UniqueFd path(open(rule.path.c_str(), O_PATH | O_CLOEXEC));
    struct stat info;
    if (path.get() < 0 || fstat(path.get(), &info) != 0) {
      return Failed(abi, rule.path);
    }
    PathBeneathAttr beneath;
    beneath.allowed_access = rule.access & attr.handled_access_fs;
    if (!S_ISDIR(info.st_mode)) beneath.allowed_access &= kFileRights;
    beneath.parent_fd = path.get();
    if (beneath.allowed_access == 0) continue;  // the kernel refuses empty
    if (syscall(SYS_landlock_add_rule, ruleset.get(), kRulePathBeneath,
                &beneath, 0) != 0) {
      return Failed(abi, rule.path);
    }
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return Failed(abi, "no_new_privs");
  }
  if (syscall(SYS_landlock_restrict_self, ruleset.get(), 0) != 0) {
    return Failed(abi, "landlock_restrict_self");
  }
  LandlockResult result;
  result.status = LandlockResult::kApplied;
  result.abi = abi;
  return result;
}

std::string Describe(const LandlockResult& result) {
  switch (result.status) {
    case LandlockResult::kApplied:
      return "Landlock ABI " + std::to_string(result.abi);
    case LandlockResult::kUnsupported:
      return result.error == EOPNOTSUPP
                 ? "Landlock is not enabled in this kernel"
                 : "this kernel has no Landlock";
    case LandlockResult::kFailed:
      break;
  }
  return "Landlock failed on " + result.where + ": " +
         std::string(common::ErrorText(result.error));
}

}  // namespace sandbox
