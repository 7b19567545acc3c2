// The status record as svstat reads it: any bytes decode without harm,
// the printed line has the 0.76 shape, and encode(decode(x)) gives back
// the first 18 bytes.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/status_record.h"
#include "svc/svstat_line.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::optional<common::StatusRecord> record = common::DecodeStatus(data, size);
  if (size < common::kStatusRecordSize) {
    CHECK(!record);
    return 0;
  }
  CHECK(record);
  common::StatusBytes bytes = common::EncodeStatus(*record);
  CHECK(std::memcmp(bytes.data(), data, bytes.size()) == 0);
  for (bool down : {false, true}) {
    uint64_t now = size > 18 ? record->stamp.seconds + data[18] : 0;
    std::string line = svc::FormatStatusLine(*record, down, now);
    CHECK(line.rfind(record->pid ? "up (pid " : "down ", 0) == 0);
    CHECK(line.find(" seconds") != std::string::npos);
    CHECK(line.find('\n') == std::string::npos);
  }
  return 0;
}
