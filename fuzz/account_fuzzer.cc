// /etc/passwd and /etc/group lines as read by the NSS-free lookup.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sandbox/identity.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  std::optional<sandbox::AccountEntry> entry = sandbox::ParseAccountLine(line);
  if (!entry) return 0;
  CHECK(!entry->name.empty());
  CHECK(line.rfind(entry->name + ":", 0) == 0);
  CHECK(entry->id != 0xffffffffu);
  return 0;
}
