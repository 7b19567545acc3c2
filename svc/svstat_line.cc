#include "svc/svstat_line.h"

namespace svc {

std::string FormatStatusLine(const common::StatusRecord& record,
                             bool down_file_exists, uint64_t now_seconds) {
  uint64_t age = now_seconds > record.stamp.seconds
                     ? now_seconds - record.stamp.seconds
                     : 0;
  bool up = record.pid != 0;
  std::string line;
  if (up) {
    line = "up (pid " + std::to_string(record.pid) + ") ";
  } else {
    line = "down ";
  }
  line += std::to_string(age) + " seconds";
  if (up && down_file_exists) line += ", normally down";
  if (!up && !down_file_exists) line += ", normally up";
  if (up && record.paused) line += ", paused";
  if (!up && record.want == 'u') line += ", want up";
  if (up && record.want == 'd') line += ", want down";
  return line;
}

}  // namespace svc
