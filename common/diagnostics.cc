#include "common/diagnostics.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error_text.h"

namespace common {
namespace {

const char* program_name = "?";

// One buffer and one write keeps concurrent writers' lines whole; a line
// longer than the buffer is cut.
class Line {
 public:
  void Append(std::string_view part) {
    size_t room = sizeof(buffer_) - 1 - length_;
    size_t take = part.size() < room ? part.size() : room;
    std::memcpy(buffer_ + length_, part.data(), take);
    length_ += take;
  }

  void Write(int fd) {
    buffer_[length_++] = '\n';
    const char* cursor = buffer_;
    int saved_errno = errno;
    while (length_ > 0) {
      ssize_t written = write(fd, cursor, length_);
      if (written < 0) {
        if (errno == EINTR) continue;
        break;
      }
      cursor += written;
      length_ -= static_cast<size_t>(written);
    }
    errno = saved_errno;
  }

 private:
  char buffer_[4096];
  size_t length_ = 0;
};

}  // namespace

void SetProgramName(const char* name) { program_name = name; }

std::string_view ProgramName() { return program_name; }

void WriteLine(int fd, std::initializer_list<std::string_view> parts) {
  Line line;
  for (std::string_view part : parts) line.Append(part);
  line.Write(fd);
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

namespace diagnostics_internal {

void Report(std::string_view kind, std::initializer_list<std::string_view> what,
            int error) {
  Line line;
  line.Append(program_name);
  line.Append(": ");
  line.Append(kind);
  for (std::string_view part : what) line.Append(part);
  if (error >= 0) {
    line.Append(": ");
    line.Append(ErrorText(error));
  }
  line.Write(2);
}

void Exit(int code) { _exit(code); }

int SavedErrno() { return errno; }

}  // namespace diagnostics_internal
}  // namespace common
