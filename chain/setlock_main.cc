// setlock [-nNxX] FILE PROGRAM...: runs PROGRAM holding an exclusive lock
// on FILE. The descriptor stays open across exec, so PROGRAM and its
// children hold the lock until the last of them closes it.
#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/option_parser.h"
#include "common/path_exec.h"

extern char** environ;

namespace {

constexpr char kUsage[] =
    "setlock: usage: setlock [ -nNxX ] file program [ arg ... ]";

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("setlock");
  bool blocking = true;
  bool quiet = false;
  common::OptionParser parser(argc, argv, "nNxX");
  bool ended = parser.ForEach([&](char letter, const char*) {
    if (letter == 'n' || letter == 'N') blocking = letter == 'N';
    if (letter == 'x' || letter == 'X') quiet = letter == 'x';
    return true;
  });
  if (!ended) {
    common::WriteLine(2, {parser.error()});
    common::DieUsage(kUsage);
  }
  int first = parser.operand_index();
  if (argc - first < 2) common::DieUsage(kUsage);
  const char* file = argv[first];
  // Never truncated, and deliberately inherited by PROGRAM.
  int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK, 0600);
  if (fd < 0) {
    if (quiet) return 0;
    common::DieSys(111, "unable to open ", file);
  }
  int rc;
  do {
    rc = flock(fd, LOCK_EX | (blocking ? 0 : LOCK_NB));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    if (quiet) return 0;
    common::DieSys(111, "unable to lock ", file);
  }
  common::PathExec(argv + first + 1, environ);
  common::DieSys(111, "unable to run ", argv[first + 1]);
}
