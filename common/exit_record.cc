#include "common/exit_record.h"

#include <signal.h>
#include <sys/wait.h>

#include <vector>

#include "common/decimal.h"

namespace common {

namespace {

std::vector<std::string_view> Fields(std::string_view text) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (start <= text.size()) {
    size_t space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    fields.push_back(text.substr(start, space - start));
    start = space + 1;
  }
  return fields;
}

template <typename Number>
bool ParseNumber(std::string_view text, Number max, Number* value) {
  return ParseCanonicalDecimal(text, max, value);
}

}  // namespace

ExitRecord ExitRecordFromWaitStatus(int wait_status, uint64_t ran_ms) {
  ExitRecord record;
  record.ran_ms = ran_ms;
  if (WIFSIGNALED(wait_status)) {
    record.signaled = true;
    record.code = WTERMSIG(wait_status);
    record.core = WCOREDUMP(wait_status);
  } else {
    record.code = WEXITSTATUS(wait_status);
  }
  return record;
}

std::string EncodeExitRecord(const ExitRecord& record) {
  if (record.signaled) {
    return "signal " + std::to_string(record.code) + " " +
           (record.core ? "1 " : "0 ") + std::to_string(record.ran_ms) + "\n";
  }
  return "exit " + std::to_string(record.code) + " " +
         std::to_string(record.ran_ms) + "\n";
}

std::optional<ExitRecord> ParseExitRecord(std::string_view text) {
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  std::vector<std::string_view> fields = Fields(text);
  ExitRecord record;
  if (fields.size() == 3 && fields[0] == "exit") {
    if (!ParseNumber(fields[1], 255, &record.code) ||
        !ParseNumber(fields[2], UINT64_MAX, &record.ran_ms)) {
      return std::nullopt;
    }
    return record;
  }
  if (fields.size() == 4 && fields[0] == "signal") {
    record.signaled = true;
    if (!ParseNumber(fields[1], 64, &record.code) || record.code == 0 ||
        (fields[2] != "0" && fields[2] != "1") ||
        !ParseNumber(fields[3], UINT64_MAX, &record.ran_ms)) {
      return std::nullopt;
    }
    record.core = fields[2] == "1";
    return record;
  }
  return std::nullopt;
}

const char* SignalName(int signal) {
  switch (signal) {
    case SIGHUP:
      return "HUP";
    case SIGINT:
      return "INT";
    case SIGQUIT:
      return "QUIT";
    case SIGILL:
      return "ILL";
    case SIGTRAP:
      return "TRAP";
    case SIGABRT:
      return "ABRT";
    case SIGBUS:
      return "BUS";
    case SIGFPE:
      return "FPE";
    case SIGKILL:
      return "KILL";
    case SIGUSR1:
      return "USR1";
    case SIGSEGV:
      return "SEGV";
    case SIGUSR2:
      return "USR2";
    case SIGPIPE:
      return "PIPE";
    case SIGALRM:
      return "ALRM";
    case SIGTERM:
      return "TERM";
    case SIGSTKFLT:
      return "STKFLT";
    case SIGCHLD:
      return "CHLD";
    case SIGCONT:
      return "CONT";
    case SIGSTOP:
      return "STOP";
    case SIGTSTP:
      return "TSTP";
    case SIGTTIN:
      return "TTIN";
    case SIGTTOU:
      return "TTOU";
    case SIGURG:
      return "URG";
    case SIGXCPU:
      return "XCPU";
    case SIGXFSZ:
      return "XFSZ";
    case SIGVTALRM:
      return "VTALRM";
    case SIGPROF:
      return "PROF";
    case SIGWINCH:
      return "WINCH";
    case SIGIO:
      return "IO";
    case SIGPWR:
      return "PWR";
    case SIGSYS:
      return "SYS";
    default:
      return nullptr;
  }
}

}  // namespace common
