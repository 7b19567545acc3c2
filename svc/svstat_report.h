// Everything svstat learns about one service, and its three renderings:
// 0.76's line (plain svstat, byte-identical), the line plus indented
// details (-v), and one JSON object (-j). Pure: svstat_main.cc gathers
// the facts, this only formats them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/exit_record.h"
#include "common/readiness_record.h"
#include "common/status_record.h"

namespace svc {

struct ServiceReport {
  enum Outcome { kStatus, kNotRunning, kError } outcome = kError;
  std::string dir;
  std::string error;  // kError: e.g. "unable to chdir: file does not exist"
  common::StatusRecord record;
  bool down_file = false;
  uint64_t now_seconds = 0;
  // From supervise/ (our supervise only); empty or absent otherwise. Text
  // is already made printable by the reader.
  std::string refused;
  std::string deaths;  // "N" or "N given-up"
  std::optional<common::ExitRecord> last_exit;
  std::string confinement;  // the policy applied at the last start
  // supervise/readiness; counts only when it is about the run the status
  // shows (see Readiness()).
  std::optional<common::ReadinessRecord> readiness;
};

// The readiness record of the run the status shows, if supervise/readiness
// describes that run (our supervise, up); nullptr otherwise.
const common::ReadinessRecord* Readiness(const ServiceReport& report);

// "DIR: ..." as 0.76 prints it, plus the refused/deaths suffixes of ours;
// with a newline.
std::string FormatPlain(const ServiceReport& report);

// FormatPlain, then one indented line per detail that is known.
std::string FormatVerbose(const ServiceReport& report);

// One JSON object on one line (fields documented in svstat(8)).
std::string FormatJson(const ServiceReport& report);

// `text` as a JSON string literal: quotes, backslash and every byte below
// 0x20 or above 0x7e escaped, so the output is plain ASCII.
std::string JsonString(std::string_view text);

// "SYS (bad system call)" style description of a last exit, e.g.
// "exit 1" or "signal SYS, killed by its seccomp filter".
std::string DescribeExit(const common::ExitRecord& record);

}  // namespace svc
