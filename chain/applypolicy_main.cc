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
  if (argc < 3) {
    common::Die(100, {"applypolicy: usage: applypolicy policyfile child"});
  }
  sandbox::ResolvedPolicy policy;
  std::string error;
  switch (sandbox::LoadPolicyFile(argv[1], &policy, &error)) {
    case sandbox::PolicyFileState::kAbsent:
      common::Die(111, {"applypolicy: fatal: unable to read ", argv[1], ": ",
                        common::ErrorText(ENOENT)});
    case sandbox::PolicyFileState::kRefused:
      common::Die(111, {"applypolicy: fatal: ", error});
    case sandbox::PolicyFileState::kLoaded:
      break;
  }
  if (policy.policy.control_group) {
    common::Die(111, {"applypolicy: fatal: ", argv[1],
                      ": control_group applies to supervise only"});
  }
  sandbox::ApplyFailure failure;
  if (!sandbox::ApplyPolicy(policy, &failure)) {
    common::Die(111, {"applypolicy: fatal: unable to apply ", argv[1], ": ",
                      failure.step, ": ", common::ErrorText(failure.error)});
  }
  common::PathExec(argv + 2, environ);
  common::Die(111, {"applypolicy: fatal: unable to run ", argv[2], ": ",
                    common::ErrorText(errno)});
}
