// svok DIR: exits 0 if supervise is running in DIR, 100 if not.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"
#include "svc/service_access.h"

int main(int argc, char** argv) {
  common::SetProgramName("svok");
  sandbox::LockDownProcess(svc::kSvokAllowList, svc::kClientCapabilities);
  if (argc < 2) common::DieUsage("svok: usage: svok dir");
  const char* dir = argv[1];
  if (chdir(dir) != 0) {
    common::DieSys(111, "unable to chdir to ", dir);
  }
  common::CheckedFile supervise = svc::OpenSupervise();
  if (supervise.missing()) return 100;
  if (!supervise.ok()) {
    common::DieFatal(111, "unable to open ", dir,
                     "/supervise/ok: ", svc::FailureText(supervise, ""));
  }
  // A reader on the ok FIFO exists exactly while supervise runs; anything
  // but a FIFO (a file, a link) means no supervise.
  common::CheckedFile ok = common::OpenChecked(
      supervise.fd.get(), "ok", O_WRONLY, common::FileType::kFifo);
  if (ok.ok()) return 0;
  if (ok.missing() || ok.error == ENXIO || ok.refusal != nullptr) return 100;
  common::DieFatal(111, "unable to open ", dir, "/supervise/ok: ", ok.Reason());
}
