#include "common/readiness_record.h"

#include "common/decimal.h"

namespace common {

namespace {

// Takes "KEY=" then the value up to the next space off the front of
// `text`; false if `text` does not start with that key.
bool TakeField(std::string_view& text, std::string_view key,
               std::string_view* value) {
  if (text.substr(0, key.size()) != key) return false;
  text.remove_prefix(key.size());
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return false;
  *value = text.substr(0, space);
  text.remove_prefix(space + 1);
  return true;
}

}  // namespace

std::string EncodeReadinessRecord(const ReadinessRecord& record) {
  return "pid=" + std::to_string(record.pid) + " ready=" +
         (record.ready_since ? std::to_string(*record.ready_since) : "-") +
         " stopping=" + (record.stopping ? "1" : "0") +
         " main=" + std::to_string(record.main_pid) +
         " status=" + record.status + "\n";
}

std::optional<ReadinessRecord> ParseReadinessRecord(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  ReadinessRecord record;
  std::string_view pid, ready, stopping, main;
  if (!TakeField(text, "pid=", &pid) || !TakeField(text, "ready=", &ready) ||
      !TakeField(text, "stopping=", &stopping) ||
      !TakeField(text, "main=", &main) || text.substr(0, 7) != "status=") {
    return std::nullopt;
  }
  text.remove_prefix(7);
  if (!ParseCanonicalDecimal<uint32_t>(pid, INT32_MAX, &record.pid) ||
      !ParseCanonicalDecimal<uint32_t>(main, INT32_MAX, &record.main_pid)) {
    return std::nullopt;
  }
  if (ready != "-") {
    uint64_t since = 0;
    if (!ParseCanonicalDecimal<uint64_t>(ready, UINT64_MAX, &since)) {
      return std::nullopt;
    }
    record.ready_since = since;
  }
  if (stopping != "0" && stopping != "1") return std::nullopt;
  record.stopping = stopping == "1";
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return std::nullopt;
  }
  record.status = std::string(text);
  return record;
}

}  // namespace common
