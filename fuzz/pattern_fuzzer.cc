// multilog's pattern matcher against an independent model: each '*' that
// is followed by a character c means "any run of characters other than c,
// followed by c" (a regex lookahead), a trailing '*' means "anything", and
// every other character is itself. Input: PATTERN, a NUL byte, LINE.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <string_view>

#include "log/pattern.h"

namespace {

std::string Hex(char c) {
  char text[8];
  snprintf(text, sizeof(text), "\\x%02x", static_cast<unsigned char>(c));
  return text;
}

bool ModelMatches(std::string_view pattern, std::string_view line) {
  std::string expression;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '*') {
      expression += Hex(pattern[i]);
    } else if (i + 1 == pattern.size()) {
      expression += "[\\s\\S]*";
    } else {
      expression +=
          "[^" + Hex(pattern[i + 1]) + "]*(?=" + Hex(pattern[i + 1]) + ")";
    }
  }
  return std::regex_match(line.begin(), line.end(), std::regex(expression));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Keep std::regex's recursion shallow; the matcher is linear anyway.
  if (size > 256) return 0;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('\0');
  if (split == std::string_view::npos) return 0;
  std::string_view pattern = input.substr(0, split);
  std::string_view line = input.substr(split + 1);
  // Bytes above 0x7f compare unreliably in std::regex; the matcher itself
  // treats every byte alike.
  for (char c : input) {
    if (static_cast<unsigned char>(c) > 0x7f) return 0;
  }
  if (log_tools::PatternMatches(pattern, line) != ModelMatches(pattern, line)) {
    std::abort();
  }
  return 0;
}
