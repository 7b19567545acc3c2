#include "log/local_label.h"

#include <cstdio>
#include <ctime>

#include "common/tai64n.h"

namespace log_tools {

std::string LocaliseLine(const std::string& line) {
  if (line.empty() || line[0] != '@') return line;
  size_t end = 1;
  while (end < line.size() && ((line[end] >= '0' && line[end] <= '9') ||
                               (line[end] >= 'a' && line[end] <= 'f'))) {
    ++end;
  }
  std::optional<common::Tai64n> stamp =
      common::ParseTai64nLabel(std::string_view(line).substr(1, end - 1));
  if (!stamp || stamp->nanoseconds > 999999999) return line;
  int64_t unix_seconds = common::UnixSeconds(*stamp);
  time_t seconds = static_cast<time_t>(unix_seconds);
  struct tm local;
  if (static_cast<int64_t>(seconds) != unix_seconds ||
      localtime_r(&seconds, &local) == nullptr || local.tm_year > 9999 - 1900 ||
      local.tm_year < -1900) {
    return line;
  }
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d.%09u",
                local.tm_year + 1900, local.tm_mon + 1, local.tm_mday,
                local.tm_hour, local.tm_min, local.tm_sec, stamp->nanoseconds);
  return text + line.substr(end);
}

}  // namespace log_tools
