#include "log/line_router.h"

#include <algorithm>

#include "log/pattern.h"

namespace log_tools {

LineRouter::LineRouter(const Script& script)
    : script_(script), selected_(script.directories.size(), true) {
  head_.reserve(kLineHeadBytes);
}

void LineRouter::StartLine(std::string_view label, LineOutput& out) {
  at_line_start_ = false;
  decided_ = false;
  head_.clear();
  if (script_.timestamp) {
    head_.append(label);
    head_.push_back(' ');
    if (!script_.has_patterns) ToSelected(head_, out);
  }
}

void LineRouter::ToSelected(std::string_view bytes, LineOutput& out) {
  for (size_t i = 0; i < selected_.size(); ++i) {
    if (selected_[i]) out.ToDirectory(i, bytes);
  }
}

void LineRouter::Decide(LineOutput& out) {
  decided_ = true;
  bool selected = true;
  for (const Action& action : script_.actions) {
    switch (action.kind) {
      case Action::kSelect:
        if (PatternMatches(action.pattern, head_)) selected = true;
        break;
      case Action::kDeselect:
        if (PatternMatches(action.pattern, head_)) selected = false;
        break;
      case Action::kStderr:
        if (selected) {
          std::string line = head_.substr(0, kStderrBytes);
          if (head_.size() > kStderrBytes) line += "...";
          line += '\n';
          out.ToStderr(line);
        }
        break;
      case Action::kStatusFile:
        if (selected) {
          std::string record(kStatusRecordBytes, '\n');
          std::copy(head_.begin(), head_.end(), record.begin());
          out.ToStatusFile(action.index, record);
        }
        break;
      case Action::kDirectory:
        selected_[action.index] = selected;
        break;
    }
  }
  // Without patterns the head already went out while it was read.
  if (script_.has_patterns) ToSelected(head_, out);
}

void LineRouter::Feed(std::string_view data, std::string_view label,
                      LineOutput& out) {
  while (!data.empty()) {
    if (at_line_start_) StartLine(label, out);
    size_t newline = data.find('\n');
    size_t line_part =
        newline == std::string_view::npos ? data.size() : newline;
    if (!decided_) {
      size_t take = std::min(line_part, kLineHeadBytes - head_.size());
      head_.append(data.substr(0, take));
      if (!script_.has_patterns) ToSelected(data.substr(0, take), out);
      data.remove_prefix(take);
      line_part -= take;
      bool line_ends = line_part == 0 && newline != std::string_view::npos;
      if (!line_ends && head_.size() < kLineHeadBytes) return;  // need more
      Decide(out);
    }
    // The rest of the line (beyond the head) goes where the head went.
    bool line_ends = newline != std::string_view::npos;
    size_t through = line_part + (line_ends ? 1 : 0);
    ToSelected(data.substr(0, through), out);
    data.remove_prefix(through);
    if (line_ends) at_line_start_ = true;
  }
}

void LineRouter::Finish(std::string_view label, LineOutput& out) {
  if (!at_line_start_) Feed("\n", label, out);
}

}  // namespace log_tools
