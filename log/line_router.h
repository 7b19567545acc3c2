// The heart of multilog, without any I/O: splits the input into lines,
// stamps them, runs the script's actions over each line's first 1000
// bytes and says where every byte goes. Lines are never held back longer
// than their selection needs: with no + or - action every byte is routed
// as soon as it is fed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "log/multilog_script.h"

namespace log_tools {

inline constexpr size_t kLineHeadBytes = 1000;  // used for matching
inline constexpr size_t kStderrBytes = 200;     // e prints this much
inline constexpr size_t kStatusRecordBytes = 1001;

class LineOutput {
 public:
  virtual ~LineOutput() = default;
  virtual void ToDirectory(size_t directory, std::string_view bytes) = 0;
  // A whole stderr line, already cut and ending in a newline.
  virtual void ToStderr(std::string_view line) = 0;
  // Exactly kStatusRecordBytes: the line's head padded with newlines.
  virtual void ToStatusFile(size_t file, std::string_view record) = 0;
};

class LineRouter {
 public:
  explicit LineRouter(const Script& script);

  // `label` is the TAI64N label of the moment `data` was read; lines that
  // start in it carry it when the script asks for stamps.
  void Feed(std::string_view data, std::string_view label, LineOutput& out);

  // End of input: a partial last line is ended with a newline.
  void Finish(std::string_view label, LineOutput& out);

  bool at_line_start() const { return at_line_start_; }

 private:
  void StartLine(std::string_view label, LineOutput& out);
  void Decide(LineOutput& out);
  void ToSelected(std::string_view bytes, LineOutput& out);

  const Script& script_;
  bool at_line_start_ = true;
  bool decided_ = false;
  std::string head_;
  std::vector<bool> selected_;
};

}  // namespace log_tools
