// tai64nlocal's line conversion: never crashes (0.76 does on bad labels);
// lines without a valid label come back unchanged; converted lines keep
// everything after the label.
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <string>

#include "log/local_label.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool zone = [] {
    setenv("TZ", "UTC", 1);
    tzset();
    return true;
  }();
  (void)zone;
  std::string line(reinterpret_cast<const char*>(data), size);
  std::string result = log_tools::LocaliseLine(line);
  if (result == line) return 0;
  CHECK(line.size() >= 25 && line[0] == '@');
  CHECK(result.size() >= 29);
  CHECK(result[4] == '-' && result[10] == ' ' && result[19] == '.');
  CHECK(result.substr(29) == line.substr(25));
  return 0;
}
