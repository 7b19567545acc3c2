// envdir DIR CHILD...: sets environment variables from the files in DIR,
// then runs CHILD. Unlike 0.76, an entry that cannot be opened because it
// does not exist (a dangling symlink) is an error: 0.76 silently gave it
// the previous entry's value.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "chain/envdir_value.h"
#include "chain/environment.h"
#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"
#include "common/unique_fd.h"

namespace {

[[noreturn]] void Fatal(std::initializer_list<std::string_view> parts) {
  std::string line = "envdir: fatal: ";
  for (std::string_view part : parts) line += part;
  common::Die(111, {line});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) common::Die(111, {"envdir: usage: envdir dir child"});
  const char* dir = argv[1];
  common::UniqueFd start(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!start.valid()) {
    Fatal(
        {"unable to switch to current directory: ", common::ErrorText(errno)});
  }
  if (chdir(dir) != 0) {
    Fatal({"unable to switch to directory ", dir, ": ",
           common::ErrorText(errno)});
  }
  DIR* directory = opendir(".");
  if (directory == nullptr) {
    Fatal({"unable to read directory ", dir, ": ", common::ErrorText(errno)});
  }
  std::vector<std::string> names;
  for (;;) {
    errno = 0;
    struct dirent* entry = readdir(directory);
    if (entry == nullptr) {
      if (errno != 0) {
        Fatal(
            {"unable to read directory ", dir, ": ", common::ErrorText(errno)});
      }
      break;
    }
    if (entry->d_name[0] != '.') names.emplace_back(entry->d_name);
  }
  closedir(directory);
  chain::Environment environment = chain::Environment::Current();
  for (const std::string& name : names) {
    common::UniqueFd fd(open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    std::string contents;
    bool ok = fd.valid();
    while (ok) {
      char buffer[4096];
      ssize_t got = read(fd.get(), buffer, sizeof(buffer));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) ok = false;
      if (got <= 0) break;
      contents.append(buffer, static_cast<size_t>(got));
    }
    if (!ok) {
      Fatal(
          {"unable to read ", dir, "/", name, ": ", common::ErrorText(errno)});
    }
    std::optional<std::string> value = chain::EnvdirValue(contents);
    if (value) {
      environment.Set(name, *value);
    } else {
      environment.Unset(name);
    }
  }
  if (fchdir(start.get()) != 0) {
    Fatal(
        {"unable to switch to starting directory: ", common::ErrorText(errno)});
  }
  start.Reset();
  common::PathExec(argv + 2, environment.Pointers());
  Fatal({"unable to run ", argv[2], ": ", common::ErrorText(errno)});
}
