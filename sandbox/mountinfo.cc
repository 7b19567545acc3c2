#include "sandbox/mountinfo.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/unique_fd.h"
#include "sandbox/text_split.h"

namespace sandbox {

namespace {

// The kernel escapes space, tab, newline and backslash as \ooo.
std::string Unescape(const std::string& text) {
  std::string result;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] >= '0' &&
        text[i + 1] <= '3' && text[i + 2] >= '0' && text[i + 2] <= '7' &&
        text[i + 3] >= '0' && text[i + 3] <= '7') {
      result +=
          static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8 +
                            (text[i + 3] - '0'));
      i += 3;
    } else {
      result += text[i];
    }
  }
  return result;
}

}  // namespace

std::vector<MountEntry> ParseMountInfo(const std::string& text) {
  std::vector<MountEntry> entries;
  for (const std::string& line : Lines(text)) {
    // ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE ...
    std::vector<std::string> fields = Words(line);
    size_t separator = 0;
    for (size_t i = 6; i < fields.size(); ++i) {
      if (fields[i] == "-") {
        separator = i;
        break;
      }
    }
    if (separator == 0 || separator + 1 >= fields.size()) continue;
    entries.push_back({Unescape(fields[4]), fields[separator + 1]});
  }
  return entries;
}

std::vector<MountEntry> ReadMountInfo() {
  common::UniqueFd fd(open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return {};
  // In small pieces: a buffer sized for the largest table would cost a
  // 16 MiB allocation (and its page faults) on every start.
  std::string text;
  char buffer[16384];
  for (;;) {
    ssize_t got = read(fd.get(), buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return {};
    if (got == 0) break;
    text.append(buffer, static_cast<size_t>(got));
    if (text.size() > (16u << 20)) return {};
  }
  return ParseMountInfo(text);
}

bool PathAtOrBeneath(const std::string& path, const std::string& base) {
  if (base == "/") return !path.empty() && path[0] == '/';
  return path == base ||
         (path.size() > base.size() &&
          path.compare(0, base.size(), base) == 0 && path[base.size()] == '/');
}

}  // namespace sandbox
