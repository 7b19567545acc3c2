// tai64nlocal: converts the TAI64N labels at the start of lines (as
// written by tai64n and multilog t) to local time.
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "log/local_label.h"
#include "sandbox/lockdown.h"

namespace {

// The time zone is loaded before the lockdown; after it, only the
// streams (and, should glibc look at the zone file again, reading it).
constexpr int kAllowList[] = {SYS_read,       SYS_write, SYS_openat, SYS_close,
                              SYS_newfstatat, SYS_fstat, SYS_lseek};

// The label ends at the first byte that is not a lowercase hex digit; a
// run longer than 24 digits is no label. So the first 26 bytes of a line
// (or fewer, up to that byte) decide its conversion, and the rest passes
// through as it arrives: memory stays bounded whatever the line length.
constexpr size_t kDecidingBytes = 1 + 24 + 1;

bool HexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

// Converts the input as it streams by, a line's head at a time.
class Converter {
 public:
  // Appends to `output` what `input` turns into so far.
  void Feed(std::string_view input, std::string& output) {
    while (!input.empty()) {
      if (!in_body_) {
        char c = input.front();
        input.remove_prefix(1);
        head_ += c;
        if (head_[0] == '@' && head_.size() < kDecidingBytes &&
            (head_.size() == 1 || HexDigit(c))) {
          continue;
        }
        output += log_tools::LocaliseLine(head_);
        head_.clear();
        in_body_ = c != '\n';
        continue;
      }
      size_t newline = input.find('\n');
      size_t take =
          newline == std::string_view::npos ? input.size() : newline + 1;
      output.append(input.substr(0, take));
      input.remove_prefix(take);
      if (newline != std::string_view::npos) in_body_ = false;
    }
  }
  // A last line without a newline whose head is still undecided.
  void Finish(std::string& output) {
    if (!head_.empty()) output += log_tools::LocaliseLine(head_);
    head_.clear();
  }

 private:
  std::string head_;
  bool in_body_ = false;
};

void WriteOrDie(std::string& output) {
  if (!common::WriteAll(1, output)) {
    common::DieSys(111, "unable to write output");
  }
  output.clear();
}

}  // namespace

int main() {
  common::SetProgramName("tai64nlocal");
  tzset();
  sandbox::LockDownTool(kAllowList);
  Converter converter;
  std::string output;
  char buffer[4096];
  for (;;) {
    // Flushed before each read, so interactive use stays line-timely.
    WriteOrDie(output);
    ssize_t got = read(0, buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      common::DieSys(111, "unable to read input");
    }
    if (got == 0) break;
    converter.Feed(std::string_view(buffer, static_cast<size_t>(got)), output);
  }
  converter.Finish(output);
  WriteOrDie(output);
  return 0;
}
