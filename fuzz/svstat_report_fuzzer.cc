// svstat -v/-j over hostile supervise/ files: the exit record parser takes
// any bytes (and what it accepts encodes back to the same line), and the
// JSON and verbose renderings of any text are single lines of printable
// ASCII whose strings are properly closed.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/exit_record.h"
#include "svc/svstat_report.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

namespace {

// Every string closed, no raw control byte, no number with a leading
// zero, exactly one line.
void CheckJsonLine(const std::string& json) {
  CHECK(!json.empty() && json.back() == '\n');
  bool in_string = false;
  for (size_t i = 0; i + 1 < json.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(json[i]);
    CHECK(c >= 0x20 && c <= 0x7e);
    if (in_string && c == '\\') {
      ++i;
      continue;
    }
    if (c == '"') in_string = !in_string;
    // JSON numbers have no leading zeros ("012" is not JSON).
    if (!in_string && (c == ':' || c == ',') && i + 3 < json.size() &&
        json[i + 1] == '0' && json[i + 2] >= '0' && json[i + 2] <= '9') {
      std::abort();
    }
  }
  CHECK(!in_string);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('|');
  std::string_view exit_text = input.substr(0, split);
  std::string_view rest =
      split == std::string_view::npos ? "" : input.substr(split + 1);

  std::optional<common::ExitRecord> exit = common::ParseExitRecord(exit_text);
  if (exit) {
    std::string encoded = common::EncodeExitRecord(*exit);
    std::string canonical(exit_text);
    if (canonical.empty() || canonical.back() != '\n') canonical += '\n';
    CHECK(encoded == canonical);
  }

  svc::ServiceReport report;
  report.outcome = svc::ServiceReport::kStatus;
  report.dir = std::string(rest);
  report.refused = std::string(rest);
  report.confinement = std::string(rest);
  report.deaths = std::string(rest.substr(0, 12));
  report.last_exit = exit;
  report.record.pid = size;
  report.now_seconds = size;
  CheckJsonLine(svc::FormatJson(report));
  std::string verbose = svc::FormatVerbose(report);
  CHECK(!verbose.empty() && verbose.back() == '\n');
  report.outcome = svc::ServiceReport::kError;
  report.error = std::string(rest);
  CheckJsonLine(svc::FormatJson(report));
  return 0;
}
