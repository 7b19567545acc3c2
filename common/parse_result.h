// What a parser of a line-oriented text file (./policy, restart-policy)
// returns: the value, or why there is none.
#pragma once

#include <optional>
#include <string>

namespace common {

template <typename T>
struct ParseResult {
  std::optional<T> value;
  std::string error;  // "line N: reason" when value is empty
};

}  // namespace common
