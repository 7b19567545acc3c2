// multilog's script parser and line router. Input: NUL-separated script
// arguments, a 0xff byte, then the log input. Checks: settings are within
// their bounds; feeding the input in pieces routes exactly what feeding it
// at once does; every directory receives whole input lines, in order;
// a directory no pattern can deselect receives the whole input; stderr
// lines are cut at 200 bytes and status records are 1001 bytes.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "log/line_router.h"
#include "log/multilog_script.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

namespace {

using log_tools::LineOutput;

struct Recorder : LineOutput {
  std::map<size_t, std::string> directories;
  std::vector<std::string> stderr_lines;
  std::map<size_t, std::string> status;
  void ToDirectory(size_t directory, std::string_view bytes) override {
    directories[directory].append(bytes);
  }
  void ToStderr(std::string_view line) override {
    stderr_lines.emplace_back(line);
  }
  void ToStatusFile(size_t file, std::string_view record) override {
    status[file] = std::string(record);
  }
};

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(0, end));
    text.remove_prefix(std::min(text.size(), end + 1));
  }
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view all(reinterpret_cast<const char*>(data), size);
  size_t split = all.find('\xff');
  std::string_view script_bytes = all.substr(0, split);
  std::string_view input =
      split == std::string_view::npos ? "" : all.substr(split + 1);
  std::vector<std::string> words;
  std::string word;
  for (char c : script_bytes) {
    if (c == '\0') {
      words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  std::vector<std::string_view> arguments(words.begin(), words.end());
  log_tools::Script script = log_tools::ParseScript(arguments);

  CHECK(script.timestamp ==
        (!words.empty() && !words[0].empty() && words[0][0] == 't'));
  for (const log_tools::DirectorySettings& directory : script.directories) {
    CHECK(directory.max_file_size >= log_tools::kMinFileSize);
    CHECK(directory.max_file_size <= log_tools::kMaxFileSize);
    CHECK(directory.max_files >= log_tools::kMinFiles);
    CHECK(directory.path[0] == '.' || directory.path[0] == '/');
  }
  for (const log_tools::Action& action : script.actions) {
    if (action.kind == log_tools::Action::kDirectory) {
      CHECK(action.index < script.directories.size());
    }
    if (action.kind == log_tools::Action::kStatusFile) {
      CHECK(action.index < script.status_files.size());
    }
  }

  const std::string label = "@400000000000000000000000";
  Recorder whole;
  log_tools::LineRouter whole_router(script);
  whole_router.Feed(input, label, whole);
  whole_router.Finish(label, whole);
  Recorder pieces;
  log_tools::LineRouter pieces_router(script);
  for (size_t at = 0, step = 1; at < input.size(); at += step) {
    step = 1 + static_cast<unsigned char>(input[at]) % 7;
    pieces_router.Feed(input.substr(at, step), label, pieces);
  }
  pieces_router.Finish(label, pieces);
  CHECK(whole.directories == pieces.directories);
  CHECK(whole.stderr_lines == pieces.stderr_lines);
  CHECK(whole.status == pieces.status);

  std::string prefix = script.timestamp ? label + " " : "";
  std::vector<std::string_view> input_lines = Lines(input);
  for (auto& [index, output] : whole.directories) {
    CHECK(!output.empty() && output.back() == '\n');
    // Every output line is the next selected input line, stamped.
    size_t next = 0;
    for (std::string_view line : Lines(output)) {
      CHECK(line.substr(0, prefix.size()) == prefix);
      line.remove_prefix(prefix.size());
      while (next < input_lines.size() && input_lines[next] != line) ++next;
      CHECK(next < input_lines.size());
      ++next;
    }
  }
  if (!script.has_patterns) {
    for (size_t i = 0; i < script.directories.size(); ++i) {
      std::string expected;
      for (std::string_view line : input_lines) {
        expected += prefix;
        expected += line;
        expected += '\n';
      }
      CHECK(whole.directories[i] == expected);
    }
  }
  for (const std::string& line : whole.stderr_lines) {
    CHECK(line.size() <= log_tools::kStderrBytes + 4 && line.back() == '\n');
  }
  for (auto& [index, record] : whole.status) {
    CHECK(record.size() == log_tools::kStatusRecordBytes);
  }
  return 0;
}
