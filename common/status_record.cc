#include "common/status_record.h"

namespace common {

StatusBytes EncodeStatus(const StatusRecord& record) {
  StatusBytes bytes{};
  PackTai64n(record.stamp, bytes.data());
  for (int i = 0; i < 4; ++i) {
    bytes[12 + i] = static_cast<uint8_t>(record.pid >> (8 * i));
  }
  bytes[16] = record.paused;
  bytes[17] = record.want;
  return bytes;
}

std::optional<StatusRecord> DecodeStatus(const uint8_t* data, size_t size) {
  if (size < kStatusRecordSize) return std::nullopt;
  StatusRecord record;
  record.stamp = UnpackTai64n(data);
  for (int i = 3; i >= 0; --i) record.pid = (record.pid << 8) | data[12 + i];
  record.paused = data[16];
  record.want = data[17];
  return record;
}

}  // namespace common
