// readproctitle ARG... LAST: shows the tail of its standard input in its
// own command line (in ps), by writing into LAST's argv memory. svscanboot
// pipes svscan's error messages into it.
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/diagnostics.h"
#include "sandbox/lockdown.h"

// Once locked down, readproctitle only reads its input (and writes into
// its own memory).
constexpr int kAllowList[] = {SYS_read};

int main(int argc, char** argv) {
  common::SetProgramName("readproctitle");
  sandbox::LockDownTool(kAllowList);
  if (argc < 2) return 100;
  char* title = argv[argc - 1];
  size_t length = std::strlen(title);
  if (length < 5) return 100;
  std::memset(title, '.', length);
  char buffer[256];
  for (;;) {
    ssize_t got = read(0, buffer, sizeof(buffer));
    if (got == 0) return 0;
    if (got < 0) {
      if (errno == EINTR) continue;
      return 111;
    }
    for (ssize_t i = 0; i < got; ++i) {
      if (buffer[i] == '\0') continue;
      // The first three dots stay; the rest scrolls left by one.
      std::memmove(title + 3, title + 4, length - 4);
      title[length - 1] = buffer[i];
    }
  }
}
