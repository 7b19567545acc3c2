// svstat DIR...: prints one status line per service directory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/tai64n.h"
#include "common/unique_fd.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"
#include "svc/svstat_line.h"

namespace {

// The first line of one of the files only our supervise writes (the
// original never does, so for it svstat's output is unchanged); empty if
// the file is absent.
std::string FirstLine(const char* path) {
  common::UniqueFd fd(open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) return "";
  char text[300];
  ssize_t got = read(fd.get(), text, sizeof(text) - 1);
  if (got <= 0) return "";
  std::string line(text, static_cast<size_t>(got));
  return line.substr(0, line.find('\n'));
}

// Why the service's policy refused to start ./run.
std::string RefusalSuffix() {
  std::string reason = FirstLine("supervise/refused");
  return reason.empty() ? "" : ", refused: " + reason;
}

// What a restart-policy has counted: "N" or "N given-up".
std::string HealthSuffix() {
  std::string health = FirstLine("supervise/deaths");
  size_t digits = health.find_first_not_of("0123456789");
  std::string count = health.substr(0, digits);
  if (count.empty() || count.size() > 9) return "";
  if (health.substr(count.size()) == " given-up") {
    return ", given up after " + count + " deaths";
  }
  if (count == "0" || digits != std::string::npos) return "";
  return ", " + count + (count == "1" ? " recent death" : " recent deaths");
}

std::string Describe(const char* dir) {
  if (chdir(dir) != 0) {
    return "unable to chdir: " + std::string(common::ErrorText(errno));
  }
  struct stat info;
  bool down_file_exists = stat("down", &info) == 0;
  if (!down_file_exists && errno != ENOENT) {
    return "unable to stat down: " + std::string(common::ErrorText(errno));
  }
  common::UniqueFd ok(open("supervise/ok", O_WRONLY | O_NONBLOCK | O_CLOEXEC));
  if (!ok.valid()) {
    if (errno == ENXIO) return "supervise not running";
    return "unable to open supervise/ok: " +
           std::string(common::ErrorText(errno));
  }
  common::UniqueFd status(
      open("supervise/status", O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!status.valid()) {
    return "unable to open supervise/status: " +
           std::string(common::ErrorText(errno));
  }
  uint8_t bytes[common::kStatusRecordSize];
  size_t have = 0;
  while (have < sizeof(bytes)) {
    ssize_t got = read(status.get(), bytes + have, sizeof(bytes) - have);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      // 0.76 misses this error and prints garbage; say what went wrong.
      return "unable to read supervise/status: " +
             std::string(common::ErrorText(errno));
    }
    if (got == 0) break;
    have += static_cast<size_t>(got);
  }
  std::optional<common::StatusRecord> record =
      common::DecodeStatus(bytes, have);
  if (!record) return "unable to read supervise/status: bad format";
  std::string line = svc::FormatStatusLine(*record, down_file_exists,
                                           common::Tai64nNow().seconds);
  if (record->pid == 0) line += RefusalSuffix();
  line += HealthSuffix();
  return line;
}

}  // namespace

int main(int argc, char** argv) {
  sandbox::LockDownProcess("svstat", svc::kSvstatAllowList,
                           svc::kClientCapabilities);
  common::UniqueFd start(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!start.valid()) {
    common::Die(111, {"svstat: fatal: unable to open current directory: ",
                      common::ErrorText(errno)});
  }
  std::string output;
  for (int i = 1; i < argc; ++i) {
    output += argv[i];
    output += ": ";
    output += Describe(argv[i]);
    output += '\n';
    if (fchdir(start.get()) != 0) {
      common::Die(111, {"svstat: fatal: unable to set directory: ",
                        common::ErrorText(errno)});
    }
  }
  if (!common::WriteAll(1, output)) {
    common::Die(111, {"svstat: fatal: unable to write output: ",
                      common::ErrorText(errno)});
  }
  return 0;
}
