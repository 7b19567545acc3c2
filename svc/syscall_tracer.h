// `svpolicy learn`: runs a service's ./run once under ptrace, as its
// policy's identity would run it but without its seccomp filter, and
// records every system call of the whole process tree.
#pragma once

#include <set>
#include <string>

namespace svc {

struct TraceResult {
  std::set<std::string> syscalls;  // x86-64 names
  bool timed_out = false;          // still running at the deadline: killed
  bool started = false;            // ./run was executed
  std::string error;               // set when tracing could not start
};

// Runs ./run of the current directory for at most `seconds`. Forks the
// traced child first, then locks the calling process down (it keeps only
// CAP_KILL and may only trace, wait and signal), so nothing it parses
// after that runs with privileges.
TraceResult TraceRun(int seconds);

}  // namespace svc
