// A deliberately faulty chain::EnvdirValue, linked only into the test that
// proves corpus replay catches memory errors (fuzz/BUILD,
// planted_bug_replay_test). Its blank trimming has no lower bound, so a
// blank first line reads the byte before its heap copy: nothing visible
// without sanitizers, a heap-buffer-overflow under ASan.
#include <cstddef>
#include <cstring>
#include <memory>

#include "chain/envdir_value.h"

namespace chain {

std::optional<std::string> EnvdirValue(const std::string& contents) {
  if (contents.empty()) return std::nullopt;
  size_t length = contents.find('\n');
  if (length == std::string::npos) length = contents.size();
  std::unique_ptr<char[]> line(new char[length + 1]);
  std::memcpy(line.get(), contents.data(), length);
  const char* text = line.get();
  std::ptrdiff_t end = static_cast<std::ptrdiff_t>(length);
  while (text[end - 1] == ' ' || text[end - 1] == '\t') --end;  // planted
  std::string value(line.get(), static_cast<size_t>(end));
  for (char& c : value) {
    if (c == '\0') c = '\n';
  }
  return value;
}

}  // namespace chain
