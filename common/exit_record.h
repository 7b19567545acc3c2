// How the last run of ./run ended, kept by supervise in supervise/exit
// beside the 18-byte status (which stays 0.76's) and shown by svstat -v
// and -j. One line of text:
//   "exit CODE RAN_MS"             ./run exited with CODE
//   "signal NUMBER CORE RAN_MS"    killed by signal NUMBER; CORE is 1 if it
//                                  dumped core, else 0
// RAN_MS is how long that run was up, in milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace common {

struct ExitRecord {
  bool signaled = false;
  int code = 0;  // exit code, or the signal number when signaled
  bool core = false;
  uint64_t ran_ms = 0;
  friend bool operator==(const ExitRecord&, const ExitRecord&) = default;
};

// From a wait status and the run's length.
ExitRecord ExitRecordFromWaitStatus(int wait_status, uint64_t ran_ms);

std::string EncodeExitRecord(const ExitRecord& record);

// nullopt for anything that is not exactly one record (a trailing newline
// is allowed).
std::optional<ExitRecord> ParseExitRecord(std::string_view text);

// "SYS", "KILL", ... without the SIG prefix; nullptr for a number that is
// not a standard signal.
const char* SignalName(int signal);

}  // namespace common
