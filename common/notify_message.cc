#include "common/notify_message.h"

#include <cstring>

#include "common/decimal.h"
#include "common/safe_file.h"

namespace common {

namespace {

void Assign(std::string_view key, std::string_view value,
            NotifyMessage& message) {
  if (key == "READY") {
    if (value == "1") message.ready = true;
  } else if (key == "STOPPING") {
    if (value == "1") message.stopping = true;
  } else if (key == "WATCHDOG") {
    if (value == "1") message.watchdog_ping = true;
    if (value == "trigger") message.watchdog_trigger = true;
  } else if (key == "BARRIER") {
    if (value == "1") message.barrier = true;
  } else if (key == "STATUS") {
    message.status = Printable(value, kMaxNotifyStatusBytes);
  } else if (key == "MAINPID") {
    uint32_t pid = 0;
    if (ParseCanonicalDecimal<uint32_t>(value, INT32_MAX, &pid) && pid != 0) {
      message.main_pid = pid;
    }
  }
}

}  // namespace

std::optional<NotifyMessage> ParseNotifyMessage(std::string_view datagram) {
  if (datagram.empty() || datagram.size() > kMaxNotifyMessageBytes ||
      std::memchr(datagram.data(), '\0', datagram.size()) != nullptr) {
    return std::nullopt;
  }
  NotifyMessage message;
  while (!datagram.empty()) {
    size_t newline = datagram.find('\n');
    std::string_view line = datagram.substr(0, newline);
    datagram.remove_prefix(newline == std::string_view::npos ? datagram.size()
                                                             : newline + 1);
    size_t equals = line.find('=');
    if (equals == std::string_view::npos || equals == 0) continue;
    Assign(line.substr(0, equals), line.substr(equals + 1), message);
  }
  return message;
}

}  // namespace common
