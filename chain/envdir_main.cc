// envdir DIR CHILD...: sets environment variables from the files in DIR,
// then runs CHILD. Unlike 0.76, an entry that cannot be opened because it
// does not exist (a dangling symlink) is an error: 0.76 silently gave it
// the previous entry's value. Only the first line counts, so only that is
// read, and a first line longer than the kernel passes to a program
// (MAX_ARG_STRLEN) is refused ("file too big", exit 111) instead of read
// until memory runs out. Running out of memory anywhere exits 111 with
// 0.76's "out of memory", never by an uncaught std::bad_alloc.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "chain/envdir_value.h"
#include "chain/environment.h"
#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"
#include "common/unique_fd.h"

namespace {

// The longest environment string execve accepts, NUL included; a value
// this long can never reach the child.
constexpr size_t kMaxFirstLine = 32 * 4096;

// Reads `fd` into `buffer` up to and including its first newline (or to
// its end); returns the length, or -1 with errno set (EFBIG: no newline
// within the bound).
ssize_t ReadFirstLine(int fd, char (&buffer)[kMaxFirstLine]) {
  size_t length = 0;
  while (length < sizeof(buffer)) {
    ssize_t got = read(fd, buffer + length, sizeof(buffer) - length);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return -1;
    if (got == 0) return static_cast<ssize_t>(length);
    const void* newline = std::memchr(buffer + length, '\n', got);
    if (newline != nullptr) {
      return static_cast<const char*>(newline) - buffer + 1;
    }
    length += static_cast<size_t>(got);
  }
  errno = EFBIG;
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("envdir");
  std::set_new_handler([] { common::DieFatal(111, "out of memory"); });
  // 0.76's envdir exits 111, not 100, on a usage error.
  if (argc < 3) common::Die(111, {"envdir: usage: envdir dir child"});
  const char* dir = argv[1];
  common::UniqueFd start(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!start.valid()) {
    common::DieSys(111, "unable to switch to current directory");
  }
  if (chdir(dir) != 0) {
    common::DieSys(111, "unable to switch to directory ", dir);
  }
  DIR* directory = opendir(".");
  if (directory == nullptr) {
    common::DieSys(111, "unable to read directory ", dir);
  }
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    struct dirent* entry = readdir(directory);
    if (entry == nullptr) {
      if (errno != 0) {
        common::DieSys(111, "unable to read directory ", dir);
      }
      break;
    }
    if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
  }
  closedir(directory);
  chain::Environment environment = chain::Environment::Current();
  for (const std::string& name : names) {
    common::UniqueFd fd(open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    static char buffer[kMaxFirstLine];
    ssize_t length = fd.valid() ? ReadFirstLine(fd.get(), buffer) : -1;
    if (length < 0) {
      common::DieSys(111, "unable to read ", dir, "/", name);
    }
    std::optional<std::string> value =
        chain::EnvdirValue(std::string(buffer, static_cast<size_t>(length)));
    if (value) {
      environment.Set(name, *value);
    } else {
      environment.Unset(name);
    }
  }
  if (fchdir(start.get()) != 0) {
    common::DieSys(111, "unable to switch to starting directory");
  }
  start.Reset();
  common::PathExec(argv + 2, environment.Pointers());
  common::DieSys(111, "unable to run ", argv[2]);
}
