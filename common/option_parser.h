// Option parsing with the rules of djb's getopt, which svc, softlimit and
// setlock use: options end at the first non-option or after "--", a lone
// "-" is an operand, and errors are reported as "PROG: illegal option -- X"
// or "PROG: option requires an argument -- X".
#pragma once

#include <string>
#include <string_view>

namespace common {

class OptionParser {
 public:
  // `spec` lists option letters; a letter followed by ':' takes a value.
  OptionParser(int argc, char* const* argv, std::string_view spec);

  enum Result { kOption, kEnd, kError };

  // Advances to the next option. On kOption, letter() and value() describe
  // it; on kError, error() holds the message line (without newline).
  Result Next();

  // The whole loop over Next(): calls on_option(letter(), value()) for each
  // option. True at the end of the options (operand_index() is then the
  // first operand); false at a bad option (error() says which) or as soon
  // as on_option returns false.
  template <typename OnOption>
  bool ForEach(OnOption on_option) {
    for (;;) {
      Result result = Next();
      if (result == kEnd) return true;
      if (result == kError || !on_option(letter_, value_)) return false;
    }
  }

  char letter() const { return letter_; }
  const char* value() const { return value_; }
  const std::string& error() const { return error_; }
  // Index of the first operand once Next() returned kEnd.
  int operand_index() const { return index_; }

 private:
  int argc_;
  char* const* argv_;
  std::string_view spec_;
  std::string_view program_;
  int index_ = 1;
  int offset_ = 0;  // position inside a cluster such as "-dx"
  char letter_ = 0;
  const char* value_ = nullptr;
  std::string error_;
};

}  // namespace common
