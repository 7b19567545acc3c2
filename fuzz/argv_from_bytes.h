// Fuzz input as a command line: the program name, then the bytes split
// at NUL into words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fuzz {

class ArgvFromBytes {
 public:
  ArgvFromBytes(const char* program, const uint8_t* data, size_t size) {
    words_.emplace_back(program);
    std::string current;
    for (size_t i = 0; i < size; ++i) {
      if (data[i] == 0) {
        words_.push_back(current);
        current.clear();
      } else {
        current += static_cast<char>(data[i]);
      }
    }
    if (!current.empty()) words_.push_back(current);
    for (std::string& word : words_) pointers_.push_back(word.data());
    pointers_.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(words_.size()); }
  char* const* argv() { return pointers_.data(); }

 private:
  std::vector<std::string> words_;
  std::vector<char*> pointers_;
};

}  // namespace fuzz
