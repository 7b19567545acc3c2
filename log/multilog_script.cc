#include "log/multilog_script.h"

#include <algorithm>

namespace log_tools {

namespace {

// Like daemontools, only the first character of an action counts for t
// and e, and numbers are their leading decimal digits.
// Leading decimal digits, saturating; "s" alone reads as 0.
uint64_t LeadingNumber(std::string_view text) {
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') break;
    value = std::min<uint64_t>(value * 10 + static_cast<uint64_t>(c - '0'),
                               uint64_t{1} << 40);
  }
  return value;
}

}  // namespace

Script ParseScript(std::span<const std::string_view> arguments) {
  Script script;
  uint32_t size = 99999;
  uint32_t files = 10;
  std::string processor;
  for (size_t i = 0; i < arguments.size(); ++i) {
    std::string_view argument = arguments[i];
    if (argument.empty()) continue;
    switch (argument[0]) {
      case 't':
        if (i == 0) script.timestamp = true;  // only the first counts
        break;
      case '+':
      case '-':
        script.actions.push_back(
            {argument[0] == '+' ? Action::kSelect : Action::kDeselect,
             std::string(argument.substr(1)), 0});
        script.has_patterns = true;
        break;
      case 'e':
        script.actions.push_back({Action::kStderr, {}, 0});
        break;
      case '=':
        script.actions.push_back(
            {Action::kStatusFile, {}, script.status_files.size()});
        script.status_files.emplace_back(argument.substr(1));
        break;
      case 's':
        size = static_cast<uint32_t>(std::clamp<uint64_t>(
            LeadingNumber(argument.substr(1)), kMinFileSize, kMaxFileSize));
        break;
      case 'n':
        files = static_cast<uint32_t>(std::clamp<uint64_t>(
            LeadingNumber(argument.substr(1)), kMinFiles, 1u << 20));
        break;
      case '!':
        processor = std::string(argument.substr(1));
        break;
      case '.':
      case '/':
        script.actions.push_back(
            {Action::kDirectory, {}, script.directories.size()});
        script.directories.push_back(
            {std::string(argument), size, files, processor});
        break;
      default:
        break;  // daemontools ignores what it does not know
    }
  }
  return script;
}

}  // namespace log_tools
