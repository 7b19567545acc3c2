#include "supervise/process_stat.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/decimal.h"
#include "common/unique_fd.h"

namespace supervise {

std::optional<ProcessStat> ReadProcessStat(pid_t pid) {
  std::string path = "/proc/" + std::to_string(pid) + "/stat";
  common::UniqueFd fd(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return std::nullopt;
  char text[1024];
  ssize_t got = read(fd.get(), text, sizeof(text) - 1);
  if (got <= 0) return std::nullopt;
  std::string_view stat(text, static_cast<size_t>(got));
  // "PID (COMM) STATE PPID ...": COMM may hold anything, even ") ".
  size_t close = stat.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> fields;  // from field 3 (state) on
  for (size_t at = close + 2; at < stat.size() && fields.size() < 20;) {
    size_t end = stat.find(' ', at);
    if (end == std::string_view::npos) end = stat.size();
    fields.push_back(stat.substr(at, end - at));
    at = end + 1;
  }
  if (fields.size() < 20 || fields[0].empty() || fields[0][0] == 'Z' ||
      fields[0][0] == 'X') {
    return std::nullopt;
  }
  ProcessStat result;
  uint32_t parent = 0;
  // Field 4 is the parent, field 22 the start time.
  if (!common::ParseCanonicalDecimal<uint32_t>(fields[1], INT32_MAX, &parent) ||
      !common::ParseCanonicalDecimal<unsigned long long>(fields[19], ~0ULL,
                                                         &result.start_ticks)) {
    return std::nullopt;
  }
  result.parent = static_cast<pid_t>(parent);
  return result;
}

}  // namespace supervise
