#include "common/option_parser.h"

#include <cstring>

namespace common {
namespace {

// Basename of argv[0], as used in messages.
std::string_view ProgramName(const char* argv0) {
  if (argv0 == nullptr) return "";
  const char* slash = std::strrchr(argv0, '/');
  return slash ? slash + 1 : argv0;
}

}  // namespace

OptionParser::OptionParser(int argc, char* const* argv, std::string_view spec)
    : argc_(argc),
      argv_(argv),
      spec_(spec),
      program_(ProgramName(argc > 0 ? argv[0] : nullptr)) {}

OptionParser::Result OptionParser::Next() {
  value_ = nullptr;
  if (offset_ == 0) {
    if (index_ >= argc_ || argv_[index_] == nullptr) return kEnd;
    const char* word = argv_[index_];
    if (word[0] != '-' || word[1] == '\0') return kEnd;
    if (std::strcmp(word, "--") == 0) {
      ++index_;
      return kEnd;
    }
    offset_ = 1;
  }
  const char* word = argv_[index_];
  letter_ = word[offset_++];
  bool cluster_done = word[offset_] == '\0';
  size_t position =
      letter_ == ':' ? std::string_view::npos : spec_.find(letter_);
  if (position == std::string_view::npos) {
    if (cluster_done) {
      ++index_;
      offset_ = 0;
    }
    error_ = std::string(program_) + ": illegal option -- " + letter_;
    return kError;
  }
  bool takes_value = position + 1 < spec_.size() && spec_[position + 1] == ':';
  if (!takes_value) {
    if (cluster_done) {
      ++index_;
      offset_ = 0;
    }
    return kOption;
  }
  // The value is the rest of this word, or else the next word.
  int rest = offset_;
  offset_ = 0;
  if (!cluster_done) {
    value_ = word + rest;
    ++index_;
    return kOption;
  }
  ++index_;
  if (index_ >= argc_ || argv_[index_] == nullptr) {
    error_ =
        std::string(program_) + ": option requires an argument -- " + letter_;
    return kError;
  }
  value_ = argv_[index_++];
  return kOption;
}

}  // namespace common
