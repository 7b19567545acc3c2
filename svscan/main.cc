// svscan [DIR]: supervises every service directory in DIR (default ".").
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "svscan/baseline.h"
#include "svscan/scanner.h"

int main(int argc, char** argv) {
  if (argc > 1 && chdir(argv[1]) != 0) {
    common::Die(111, {"svscan: fatal: unable to chdir to ", argv[1], ": ",
                      common::ErrorText(errno)});
  }
  svscan::ApplyBaseline();
  svscan::RunScanner();
}
