#include "log/pattern.h"

namespace log_tools {

bool PatternMatches(std::string_view pattern, std::string_view line) {
  size_t p = 0;
  size_t l = 0;
  while (p < pattern.size()) {
    char wanted = pattern[p++];
    if (wanted != '*') {
      if (l == line.size() || line[l] != wanted) return false;
      ++l;
      continue;
    }
    if (p == pattern.size()) return true;
    // Skip to the first occurrence of the next pattern character; that
    // character is then matched by the literal step above.
    size_t found = line.find(pattern[p], l);
    if (found == std::string_view::npos) return false;
    l = found;
  }
  return l == line.size();
}

}  // namespace log_tools
