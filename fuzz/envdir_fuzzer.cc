// envdir's reading of a file: removal for an empty file, otherwise the
// first line without trailing blanks and with NULs as newlines.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "chain/envdir_value.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string contents(reinterpret_cast<const char*>(data), size);
  std::optional<std::string> value = chain::EnvdirValue(contents);
  CHECK(value.has_value() == !contents.empty());
  if (!value) return 0;
  CHECK(value->size() <= contents.size());
  CHECK(value->find('\0') == std::string::npos);
  if (!value->empty()) {
    CHECK(value->back() != ' ' && value->back() != '\t');
  }
  // Same length as the first line's text, NULs mapped one to one.
  std::string first = contents.substr(0, contents.find('\n'));
  CHECK(first.compare(0, value->size(), *value) == 0 ||
        first.find('\0') != std::string::npos);
  return 0;
}
