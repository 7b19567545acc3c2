#include "common/diagnostics.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace common {

void WriteLine(int fd, std::initializer_list<std::string_view> parts) {
  // One buffer and one write keeps concurrent writers' lines whole.
  char buffer[4096];
  size_t length = 0;
  for (std::string_view part : parts) {
    size_t room = sizeof(buffer) - 1 - length;
    size_t take = part.size() < room ? part.size() : room;
    std::memcpy(buffer + length, part.data(), take);
    length += take;
  }
  buffer[length++] = '\n';
  const char* cursor = buffer;
  int saved_errno = errno;
  while (length > 0) {
    ssize_t written = write(fd, cursor, length);
    if (written < 0) {
      if (errno == EINTR) continue;
      break;
    }
    cursor += written;
    length -= static_cast<size_t>(written);
  }
  errno = saved_errno;
}

bool WriteAll(int fd, std::string_view text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t wrote = write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<size_t>(wrote);
  }
  return true;
}

void Die(int code, std::initializer_list<std::string_view> parts) {
  WriteLine(2, parts);
  _exit(code);
}

}  // namespace common
