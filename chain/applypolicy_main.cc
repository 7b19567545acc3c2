// applypolicy POLICYFILE CHILD...: applies a policy file (the format of a
// service's ./policy, see sandbox/policy.h) to itself and then runs CHILD.
// For run scripts that must do some work as root before the final exec:
//   exec applypolicy ./server.policy nsd -d
// It restricts CHILD exactly as the file says and nothing more.
#include <cerrno>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/path_exec.h"
#include "sandbox/apply.h"
#include "sandbox/policy_file.h"

extern char** environ;

int main(int argc, char** argv) {
  common::SetProgramName("applypolicy");
  if (argc < 3) {
    common::DieUsage("applypolicy: usage: applypolicy policyfile child");
  }
  sandbox::ResolvedPolicy policy;
  std::string error;
  switch (sandbox::LoadPolicyFile(argv[1], &policy, &error)) {
    case sandbox::PolicyFileState::kAbsent:
      common::DieFatal(111, "unable to read ", argv[1], ": ",
                       common::ErrorText(ENOENT));
    case sandbox::PolicyFileState::kRefused:
      common::DieFatal(111, error);
    case sandbox::PolicyFileState::kLoaded:
      break;
  }
  if (policy.policy.control_group) {
    common::DieFatal(111, argv[1], ": control_group applies to supervise only");
  }
  sandbox::ApplyFailure failure;
  if (!sandbox::ApplyPolicy(policy, &failure)) {
    common::DieFatal(111, "unable to apply ", argv[1], ": ", failure.step, ": ",
                     common::ErrorText(failure.error));
  }
  common::PathExec(argv + 2, environ);
  common::DieSys(111, "unable to run ", argv[2]);
}
