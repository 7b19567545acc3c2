// multilog never gives up on a log directory while it runs: when the disk
// is full or a file operation fails it warns, waits and tries again, so no
// line is lost.
#pragma once

#include <functional>
#include <string_view>

namespace log_tools {

inline constexpr int kPauseSeconds = 5;

// "multilog: warning: WHAT, pausing: ERR" (ERR from `error` when it is not
// zero), then a pause.
void WarnAndPause(std::string_view what, int error);

// Runs `attempt` until it returns true; after each failure (errno set)
// warns with what() and pauses.
void Persist(const std::function<bool()>& attempt,
             const std::function<std::string()>& what);

}  // namespace log_tools
