// svscan [DIR]: supervises every service directory in DIR (default ".").
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "svscan/baseline.h"
#include "svscan/scanner.h"

int main(int argc, char** argv) {
  common::SetProgramName("svscan");
  // With 0, 1 or 2 closed, a descriptor of ours would take its number and
  // be handed to every supervise as if it were stdin, stdout or stderr.
  for (int fd = 0; fd < 3; ++fd) {
    if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd) _exit(111);
  }
  // Descriptors left open by whatever started us are not meant for any
  // supervise or service (0.76 passed them on). Ours are all opened
  // close-on-exec; 0-2 are replaced for every supervise.
  if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    common::WarnSys("unable to keep inherited descriptors from services");
  }
  if (argc > 1 && chdir(argv[1]) != 0) {
    common::DieSys(111, "unable to chdir to ", argv[1]);
  }
  svscan::ApplyBaseline();
  svscan::RunScanner();
}
