// softlimit [-acdflmoprst VALUE]... CHILD...: lowers (or raises up to the
// hard limit) soft resource limits, then runs CHILD. A value above the
// hard limit is quietly reduced to it, as in 0.76.
#include <sys/resource.h>

#include <cerrno>

#include "chain/softlimit_options.h"
#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"

extern char** environ;

int main(int argc, char** argv) {
  common::SetProgramName("softlimit");
  chain::SoftlimitArguments arguments =
      chain::ParseSoftlimitArguments(argc, argv);
  if (!arguments.ok) {
    if (!arguments.error.empty()) common::WriteLine(2, {arguments.error});
    common::DieUsage(chain::kSoftlimitUsage);
  }
  for (const chain::SoftLimit& limit : arguments.limits) {
    struct rlimit current;
    auto resource = static_cast<__rlimit_resource_t>(limit.resource);
    if (getrlimit(resource, &current) != 0) {
      common::DieSys(111, "getrlimit failed");
    }
    rlim_t wanted = limit.to_hard ? current.rlim_max : limit.value;
    current.rlim_cur = wanted > current.rlim_max ? current.rlim_max : wanted;
    if (setrlimit(resource, &current) != 0) {
      common::DieSys(111, "setrlimit failed");
    }
  }
  common::PathExec(argv + arguments.child, environ);
  common::DieSys(111, "unable to run ", argv[arguments.child]);
}
