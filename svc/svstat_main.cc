// svstat DIR...: prints one status line per service directory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "common/tai64n.h"
#include "common/unique_fd.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"
#include "svc/service_access.h"
#include "svc/svstat_line.h"

namespace {

// Longest refusal reason shown: enough for any message of ours.
constexpr size_t kMaxReasonBytes = 200;

// What a restart-policy has counted: "N" or "N given-up".
std::string HealthSuffix(const common::CheckedFile& supervise) {
  std::string health = svc::ReadFirstLine(supervise, "deaths", 64);
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
  common::CheckedFile supervise = svc::OpenSupervise();
  if (!supervise.ok()) {
    return "unable to open supervise/ok: " + svc::FailureText(supervise, "");
  }
  // Only a FIFO with a reader means a running supervise; anything else
  // under that name (a file, a link) is not one.
  common::CheckedFile ok = common::OpenChecked(
      supervise.fd.get(), "ok", O_WRONLY, common::FileType::kFifo);
  if (!ok.ok()) {
    if (ok.error == ENXIO || ok.refusal != nullptr) {
      return "supervise not running";
    }
    return "unable to open supervise/ok: " + std::string(ok.Reason());
  }
  common::CheckedFile status =
      common::OpenChecked(supervise.fd.get(), "status", O_RDONLY,
                          common::FileType::kRegular, 0, /*single_link=*/true);
  if (!status.ok()) {
    // 0.76 misses a read error and prints garbage; say what went wrong.
    if (status.refusal == nullptr) {
      return "unable to open supervise/status: " + std::string(status.Reason());
    }
    std::string_view reason = S_ISDIR(status.info.st_mode)
                                  ? common::ErrorText(EISDIR)
                                  : status.Reason();
    return "unable to read supervise/status: " + std::string(reason);
  }
  if (status.info.st_uid != 0 && status.info.st_uid != supervise.info.st_uid) {
    return "unable to read supervise/status: owned by another account";
  }
  std::string bytes;
  if (!common::ReadUpTo(status.fd.get(), common::kStatusRecordSize, &bytes)) {
    return "unable to read supervise/status: " +
           std::string(common::ErrorText(errno));
  }
  std::optional<common::StatusRecord> record = common::DecodeStatus(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (!record) return "unable to read supervise/status: bad format";
  std::string line = svc::FormatStatusLine(*record, down_file_exists,
                                           common::Tai64nNow().seconds);
  if (record->pid == 0) {
    std::string reason =
        svc::ReadFirstLine(supervise, "refused", kMaxReasonBytes);
    if (!reason.empty()) line += ", refused: " + reason;
  }
  line += HealthSuffix(supervise);
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
