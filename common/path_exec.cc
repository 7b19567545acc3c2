#include "common/path_exec.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

namespace common {

void PathExec(char* const* argv, char* const* envp) {
  const char* name = argv[0];
  if (std::strchr(name, '/') != nullptr) {
    execve(name, argv, envp);
    return;
  }
  const char* path = std::getenv("PATH");
  if (path == nullptr) path = "/bin:/usr/bin";
  int saved = 0;
  for (;;) {
    const char* colon = std::strchr(path, ':');
    std::string directory(
        path, colon ? static_cast<size_t>(colon - path) : std::strlen(path));
    std::string candidate = (directory.empty() ? "." : directory) + "/" + name;
    execve(candidate.c_str(), argv, envp);
    if (errno != ENOENT) {
      saved = errno;
      if (errno != EACCES && errno != EPERM && errno != EISDIR) return;
    }
    if (colon == nullptr) {
      if (saved != 0) errno = saved;
      return;
    }
    path = colon + 1;
  }
}

}  // namespace common
