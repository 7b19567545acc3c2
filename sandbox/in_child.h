// For tests that confine a process for real: run the confining code and
// the probes in a forked child, which reports what went wrong as text.
#pragma once

#include <functional>
#include <string>

namespace sandbox {

// Runs `body` in a forked child and returns the text it returned (empty:
// every check held). The child exits 0 after writing it; `wait_status`
// gets its wait status (a seccomp kill shows there).
std::string RunInChild(const std::function<std::string()>& body,
                       int* wait_status);

// "" when `result` (a syscall's return value) is a success and
// `expected_errno` is 0, or a failure with that errno; otherwise a line
// "WHAT: what happened".
std::string ExpectErrno(const char* what, long result, int expected_errno);

// Makes system call `number` fail with `error` in the calling process from
// now on (a seccomp filter; sets no_new_privs), e.g. to stand in for a
// kernel without Landlock. Returns false if the filter cannot be loaded.
bool FailSyscallWith(int number, int error);

}  // namespace sandbox
