// multilog's script: its command-line arguments, one action each, read
// left to right. Parsing is pure, so it can be tested and fuzzed alone.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace log_tools {

// Settings a log directory takes from the s, n and ! actions before it.
struct DirectorySettings {
  std::string path;
  uint32_t max_file_size = 99999;
  uint32_t max_files = 10;
  std::string processor;  // empty: archives are saved as they are
};

struct Action {
  enum Kind { kSelect, kDeselect, kStderr, kStatusFile, kDirectory };
  Kind kind;
  std::string pattern;  // kSelect and kDeselect
  size_t index = 0;     // into Script::status_files or Script::directories
};

struct Script {
  bool timestamp = false;
  std::vector<Action> actions;
  std::vector<std::string> status_files;
  std::vector<DirectorySettings> directories;
  // Whether any + or - action exists: without one, every line goes to
  // every directory and can be written before its end is seen.
  bool has_patterns = false;
};

inline constexpr uint32_t kMinFileSize = 4096;
inline constexpr uint32_t kMaxFileSize = 16777215;
inline constexpr uint32_t kMinFiles = 2;

// Every argument is valid: unknown ones are ignored, as in daemontools.
Script ParseScript(std::span<const std::string_view> arguments);

}  // namespace log_tools
