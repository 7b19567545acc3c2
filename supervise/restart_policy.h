// How supervise restarts a service that keeps dying, read from the
// service's optional `restart-policy` file. Without the file supervise
// behaves as daemontools 0.76 does (restart at most once a second, for
// ever). Format, one setting per line, '#' starts a comment:
//
//   backoff INITIAL_MS MAX_MS   wait INITIAL_MS after the first quick
//                               death, doubling after each further one,
//                               at most MAX_MS (never less than the usual
//                               one second between starts)
//   reset_after SECONDS         a service up this long has recovered:
//                               its backoff starts again from INITIAL_MS
//                               (default 10)
//   give_up DEATHS SECONDS      after DEATHS deaths within SECONDS, stop
//                               restarting it until an operator sends u
//
// Independently of the file, a ./run that exits with code 100 is not
// restarted (as in daemontools-encore): the service is marked down.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/parse_result.h"

namespace supervise {

struct RestartPolicy {
  int64_t backoff_initial_ms = 0;  // 0: no backoff
  int64_t backoff_max_ms = 0;
  int64_t reset_after_ms = 10000;
  uint32_t give_up_deaths = 0;  // 0: never give up
  int64_t give_up_window_ms = 0;
  bool configured = false;  // the file exists
  friend bool operator==(const RestartPolicy&, const RestartPolicy&) = default;
};

inline constexpr int64_t kMaxPolicyMs = int64_t{86400} * 1000 * 365;

// Parses the file's text; the error says "line N: what".
common::ParseResult<RestartPolicy> ParseRestartPolicy(std::string_view text);

}  // namespace supervise
