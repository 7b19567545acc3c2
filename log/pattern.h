// multilog's pattern language: '*' consumes characters up to the first
// occurrence of the pattern's next character (never backtracking), a
// trailing '*' consumes the rest of the line, and every other character
// stands for itself. A pattern must account for the whole line.
#pragma once

#include <string_view>

namespace log_tools {

bool PatternMatches(std::string_view pattern, std::string_view line);

}  // namespace log_tools
