#include "log/log_owner.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>
#include <string_view>

#include "common/safe_file.h"
#include "common/unique_fd.h"
#include "sandbox/privilege.h"

namespace log_tools {

namespace {

// /etc/passwd is small; anything beyond this is not read.
constexpr size_t kPasswdLimit = 4 << 20;

std::optional<uint32_t> ParseId(std::string_view text) {
  uint32_t id = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size() ||
      text.empty()) {
    return std::nullopt;
  }
  return id;
}

// The primary gid `passwd` gives `uid` (name:password:uid:gid:...).
std::optional<gid_t> PrimaryGroup(uid_t uid, const char* passwd) {
  common::UniqueFd fd(open(passwd, O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  std::string text;
  if (!fd.valid() || !common::ReadUpTo(fd.get(), kPasswdLimit, &text)) {
    return std::nullopt;
  }
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    std::string_view fields[4];
    size_t count = 0;
    while (count < 4) {
      size_t colon = line.find(':');
      if (colon == std::string_view::npos) break;
      fields[count++] = line.substr(0, colon);
      line.remove_prefix(colon + 1);
    }
    if (count < 4) continue;
    if (ParseId(fields[2]) == uid) return ParseId(fields[3]);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Owner> OwnerOf(const struct stat& info, const char* passwd) {
  if (info.st_uid == 0) return std::nullopt;
  Owner owner{info.st_uid, info.st_gid};
  if (owner.gid == 0) {
    std::optional<gid_t> primary = PrimaryGroup(owner.uid, passwd);
    owner.gid = primary && *primary != 0 ? *primary : kNoGroup;
  }
  return owner;
}

std::optional<Owner> CommonOwner(std::span<const struct stat> directories,
                                 const char* passwd) {
  if (directories.empty()) return std::nullopt;
  for (const struct stat& info : directories) {
    if (info.st_uid != directories[0].st_uid) return std::nullopt;
  }
  return OwnerOf(directories[0], passwd);
}

bool BecomeOwner(const Owner& owner) {
  // The bounding set can only shrink while CAP_SETPCAP is still ours.
  // Where it is not (a confined root), leaving uid 0 and no_new_privs
  // still leave nothing to gain.
  int refused = sandbox::ShrinkBoundingSet(0);
  if (refused != 0 && refused != EPERM) return false;
  return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 &&
         setgroups(0, nullptr) == 0 &&
         setresgid(owner.gid, owner.gid, owner.gid) == 0 &&
         setresuid(owner.uid, owner.uid, owner.uid) == 0 &&
         prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) == 0;
}

}  // namespace log_tools
