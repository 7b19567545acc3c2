#include "chain/envdir_value.h"

namespace chain {

std::optional<std::string> EnvdirValue(const std::string& contents) {
  if (contents.empty()) return std::nullopt;
  std::string value = contents.substr(0, contents.find('\n'));
  size_t end = value.find_last_not_of(" \t");
  value.erase(end == std::string::npos ? 0 : end + 1);
  for (char& c : value) {
    if (c == '\0') c = '\n';
  }
  return value;
}

}  // namespace chain
