// Whether the current run of ./run is ready, kept by supervise in
// supervise/readiness beside the 18-byte status (which stays 0.76's), for
// svstat -v/-j and svwait -U/-D. One line of text:
//   "pid=PID ready=SECONDS|- stopping=0|1 main=PID status=TEXT"
// PID is the run it describes (0 while the service is down); SECONDS is
// the TAI64 label (seconds) of the moment it became ready, or "-"; main is
// the MAINPID= a notifying service gave (0: none); TEXT is its last
// STATUS= (printable ASCII, possibly empty) and runs to the end of line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace common {

struct ReadinessRecord {
  uint32_t pid = 0;
  std::optional<uint64_t> ready_since;  // TAI64 seconds
  bool stopping = false;
  uint32_t main_pid = 0;
  std::string status;
  friend bool operator==(const ReadinessRecord&,
                         const ReadinessRecord&) = default;
};

// With a trailing newline. `status` must be printable and have no newline
// (ParseNotifyMessage makes it so).
std::string EncodeReadinessRecord(const ReadinessRecord& record);

// nullopt for anything but exactly one record (a trailing newline is
// allowed); what it accepts encodes back to the same line.
std::optional<ReadinessRecord> ParseReadinessRecord(std::string_view text);

}  // namespace common
