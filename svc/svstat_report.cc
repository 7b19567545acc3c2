#include "svc/svstat_report.h"

#include <signal.h>

#include <cstdio>

#include "svc/svstat_line.h"

namespace svc {

namespace {

struct Deaths {
  std::string count;
  bool given_up = false;
};

// "N" or "N given-up"; an empty count for anything else.
Deaths ParseDeaths(const std::string& line) {
  size_t digits = line.find_first_not_of("0123456789");
  Deaths deaths;
  deaths.count = line.substr(0, digits);
  // One spelling per number: "012" would also be invalid JSON.
  if (deaths.count.empty() || deaths.count.size() > 9 ||
      (deaths.count.size() > 1 && deaths.count[0] == '0')) {
    return Deaths();
  }
  std::string rest = digits == std::string::npos ? "" : line.substr(digits);
  if (rest == " given-up") {
    deaths.given_up = true;
  } else if (!rest.empty()) {
    return Deaths();
  }
  return deaths;
}

std::string HealthSuffix(const std::string& line) {
  Deaths deaths = ParseDeaths(line);
  if (deaths.count.empty()) return "";
  if (deaths.given_up) return ", given up after " + deaths.count + " deaths";
  if (deaths.count == "0") return "";
  return ", " + deaths.count +
         (deaths.count == "1" ? " recent death" : " recent deaths");
}

std::string StatusText(const ServiceReport& report) {
  switch (report.outcome) {
    case ServiceReport::kNotRunning:
      return "supervise not running";
    case ServiceReport::kError:
      return report.error;
    case ServiceReport::kStatus:
      break;
  }
  std::string line =
      FormatStatusLine(report.record, report.down_file, report.now_seconds);
  if (report.record.pid == 0 && !report.refused.empty()) {
    line += ", refused: " + report.refused;
  }
  return line + HealthSuffix(report.deaths);
}

std::string Seconds(uint64_t ms) { return std::to_string(ms / 1000); }

uint64_t Age(uint64_t now, uint64_t then) {
  return now > then ? now - then : 0;
}

}  // namespace

const common::ReadinessRecord* Readiness(const ServiceReport& report) {
  if (report.outcome != ServiceReport::kStatus || report.record.pid == 0 ||
      !report.readiness || report.readiness->pid != report.record.pid) {
    return nullptr;
  }
  return &*report.readiness;
}

std::string DescribeExit(const common::ExitRecord& record) {
  if (!record.signaled) return "exit " + std::to_string(record.code);
  const char* name = common::SignalName(record.code);
  std::string text =
      "signal " +
      (name != nullptr ? std::string(name) : std::to_string(record.code));
  if (record.code == SIGSYS) text += ", killed by its seccomp filter";
  if (record.core) text += ", core dumped";
  return text;
}

std::string FormatPlain(const ServiceReport& report) {
  return report.dir + ": " + StatusText(report) + "\n";
}

std::string FormatVerbose(const ServiceReport& report) {
  std::string text = FormatPlain(report);
  if (report.outcome != ServiceReport::kStatus) return text;
  if (report.last_exit) {
    text += "  last exit: " + DescribeExit(*report.last_exit) + " after " +
            Seconds(report.last_exit->ran_ms) + " seconds up\n";
  }
  Deaths deaths = ParseDeaths(report.deaths);
  if (!deaths.count.empty()) {
    text += "  restart-policy: " + deaths.count + " recent deaths" +
            (deaths.given_up ? ", given up" : "") + "\n";
  }
  if (!report.refused.empty()) text += "  refused: " + report.refused + "\n";
  if (!report.confinement.empty()) {
    text += "  policy: " + report.confinement + "\n";
  }
  if (const common::ReadinessRecord* readiness = Readiness(report)) {
    text += readiness->ready_since
                ? "  ready " +
                      std::to_string(
                          Age(report.now_seconds, *readiness->ready_since)) +
                      " seconds\n"
                : "  not ready\n";
    if (readiness->stopping) text += "  stopping\n";
    if (readiness->main_pid != 0) {
      text += "  main pid " + std::to_string(readiness->main_pid) + "\n";
    }
    if (!readiness->status.empty()) {
      text += "  notify status: " + readiness->status + "\n";
    }
  }
  return text;
}

std::string JsonString(std::string_view value) {
  std::string out = "\"";
  for (char c : value) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte > 0x7e) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string FormatJson(const ServiceReport& report) {
  std::string json = "{\"dir\":" + JsonString(report.dir);
  switch (report.outcome) {
    case ServiceReport::kError:
      return json +
             ",\"supervise\":null,\"error\":" + JsonString(report.error) +
             "}\n";
    case ServiceReport::kNotRunning:
      return json + ",\"supervise\":false}\n";
    case ServiceReport::kStatus:
      break;
  }
  const common::StatusRecord& record = report.record;
  uint64_t stamp = record.stamp.seconds;
  uint64_t age = Age(report.now_seconds, stamp);
  json += ",\"supervise\":true";
  json +=
      std::string(",\"state\":") + (record.pid != 0 ? "\"up\"" : "\"down\"");
  json += ",\"pid\":" + std::to_string(record.pid);
  json += ",\"seconds\":" + std::to_string(age);
  json += std::string(",\"normally\":") +
          (report.down_file ? "\"down\"" : "\"up\"");
  json += std::string(",\"paused\":") +
          (record.pid != 0 && record.paused != 0 ? "true" : "false");
  json += std::string(",\"want\":") + (record.want == 'u'   ? "\"up\""
                                       : record.want == 'd' ? "\"down\""
                                                            : "null");
  json += ",\"refused\":" +
          (report.refused.empty() ? "null" : JsonString(report.refused));
  Deaths deaths = ParseDeaths(report.deaths);
  json +=
      ",\"recent_deaths\":" + (deaths.count.empty() ? "null" : deaths.count);
  json += std::string(",\"given_up\":") + (deaths.given_up ? "true" : "false");
  if (report.last_exit) {
    const common::ExitRecord& exit = *report.last_exit;
    const char* name = exit.signaled ? common::SignalName(exit.code) : nullptr;
    json += ",\"last_exit\":{";
    json += exit.signaled
                ? "\"signal\":" + std::to_string(exit.code) +
                      ",\"signal_name\":" +
                      (name != nullptr ? JsonString(name) : "null") +
                      std::string(",\"core\":") + (exit.core ? "true" : "false")
                : "\"code\":" + std::to_string(exit.code);
    json +=
        ",\"seccomp\":" +
        std::string(exit.signaled && exit.code == SIGSYS ? "true" : "false");
    json += ",\"ran_ms\":" + std::to_string(exit.ran_ms) + "}";
  } else {
    json += ",\"last_exit\":null";
  }
  json +=
      ",\"policy\":" +
      (report.confinement.empty() ? "null" : JsonString(report.confinement));
  const common::ReadinessRecord* readiness = Readiness(report);
  if (readiness == nullptr) {
    json +=
        ",\"ready\":null,\"ready_seconds\":null,\"stopping\":false,"
        "\"main_pid\":null,\"notify_status\":null";
  } else {
    json += std::string(",\"ready\":") +
            (readiness->ready_since ? "true" : "false");
    json +=
        ",\"ready_seconds\":" +
        (readiness->ready_since
             ? std::to_string(Age(report.now_seconds, *readiness->ready_since))
             : "null");
    json += std::string(",\"stopping\":") +
            (readiness->stopping ? "true" : "false");
    json += ",\"main_pid\":" + (readiness->main_pid != 0
                                    ? std::to_string(readiness->main_pid)
                                    : "null");
    json +=
        ",\"notify_status\":" +
        (readiness->status.empty() ? "null" : JsonString(readiness->status));
  }
  return json + "}\n";
}

}  // namespace svc
