// svscan's OS layer: scans the directory, starts a supervise (and a
// "supervise log" joined to it by a pipe) for every service, restarts dead
// ones, and notices new directories at once through inotify. A periodic
// rescan remains as a fallback; SIGHUP or SIGALRM asks for one now.
#pragma once

namespace svscan {

// Runs forever in the current directory.
[[noreturn]] void RunScanner();

}  // namespace svscan
