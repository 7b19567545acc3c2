// The text svstat prints for a readable status record.
#pragma once

#include <cstdint>
#include <string>

#include "common/status_record.h"

namespace svc {

// "up (pid P) S seconds" or "down S seconds", then the suffixes in 0.76's
// order: normally down/up, paused, want up/down. `now_seconds` is the
// current TAI64 seconds; a stamp in the future counts as 0 seconds.
std::string FormatStatusLine(const common::StatusRecord& record,
                             bool down_file_exists, uint64_t now_seconds);

}  // namespace svc
