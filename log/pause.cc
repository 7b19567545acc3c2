#include "log/pause.h"

#include <cerrno>
#include <ctime>
#include <string>

#include "common/diagnostics.h"
#include "common/error_text.h"

namespace log_tools {

void WarnAndPause(std::string_view what, int error) {
  if (error != 0) {
    common::Warn(what, ", pausing: ", common::ErrorText(error));
  } else {
    common::Warn(what, ", pausing");
  }
  struct timespec rest = {kPauseSeconds, 0};
  while (clock_nanosleep(CLOCK_MONOTONIC, 0, &rest, &rest) == EINTR) {
  }
}

void Persist(const std::function<bool()>& attempt,
             const std::function<std::string()>& what) {
  while (!attempt()) WarnAndPause(what(), errno);
}

}  // namespace log_tools
