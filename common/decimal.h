// Decimal numbers in the suite's own small record files: digits only, one
// spelling per number (no leading zeros, no sign), so what a parser
// accepts encodes back to the same text.
#pragma once

#include <charconv>
#include <cstdint>
#include <string_view>

namespace common {

template <typename Number>
bool ParseCanonicalDecimal(std::string_view text, Number max, Number* value) {
  if (text.empty() || text.size() > 20) return false;
  if (text.size() > 1 && text[0] == '0') return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  Number parsed{};
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (error != std::errc() || end != text.data() + text.size() ||
      parsed > max) {
    return false;
  }
  *value = parsed;
  return true;
}

}  // namespace common
