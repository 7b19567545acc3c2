// Runs a program the way daemontools' chain-loading tools do: a name with
// a '/' is executed as is; otherwise each element of $PATH (default
// "/bin:/usr/bin", an empty element meaning ".") is tried. "not found"
// moves on; "access denied", "permission denied" and "is a directory" are
// remembered and the search goes on; any other error stops it. There is no
// shell fallback for scripts without "#!".
#pragma once

namespace common {

// Returns only on failure, with errno set to the error to report.
void PathExec(char* const* argv, char* const* envp);

}  // namespace common
