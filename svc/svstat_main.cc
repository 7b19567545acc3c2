// svstat [-v|-j] DIR...: prints one status line per service directory;
// -v adds indented details, -j prints one JSON object per directory.
// Without an option the output is 0.76's, byte for byte.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "common/tai64n.h"
#include "common/unique_fd.h"
#include "sandbox/lockdown.h"
#include "svc/allow_lists.h"
#include "svc/service_access.h"
#include "svc/svstat_report.h"

namespace {

// Longest text shown from a file: enough for any message of ours.
constexpr size_t kMaxTextBytes = 400;

void Fail(svc::ServiceReport* report, std::string text) {
  report->outcome = svc::ServiceReport::kError;
  report->error = std::move(text);
}

// `details`: -v or -j, which show every file supervise keeps; the plain
// line needs only what it appends to 0.76's (deaths, and refused while
// down), so a status query over many directories stays a few calls each.
void Describe(svc::ServiceReport* report, bool details) {
  if (chdir(report->dir.c_str()) != 0) {
    return Fail(report,
                "unable to chdir: " + std::string(common::ErrorText(errno)));
  }
  struct stat info;
  // Its existence only, never where a link leads: a root svstat must not
  // tell another account whether a path it cannot see exists.
  report->down_file =
      fstatat(AT_FDCWD, "down", &info, AT_SYMLINK_NOFOLLOW) == 0;
  if (!report->down_file && errno != ENOENT) {
    return Fail(report, "unable to stat down: " +
                            std::string(common::ErrorText(errno)));
  }
  common::CheckedFile supervise = svc::OpenSupervise();
  if (!supervise.ok()) {
    return Fail(report, "unable to open supervise/ok: " +
                            svc::FailureText(supervise, ""));
  }
  // Only a FIFO with a reader means a running supervise; anything else
  // under that name (a file, a link) is not one.
  common::CheckedFile ok = common::OpenChecked(
      supervise.fd.get(), "ok", O_WRONLY, common::FileType::kFifo);
  if (!ok.ok()) {
    if (ok.error == ENXIO || ok.refusal != nullptr) {
      report->outcome = svc::ServiceReport::kNotRunning;
      return;
    }
    return Fail(report,
                "unable to open supervise/ok: " + std::string(ok.Reason()));
  }
  common::CheckedFile status =
      common::OpenChecked(supervise.fd.get(), "status", O_RDONLY,
                          common::FileType::kRegular, 0, /*single_link=*/true);
  if (!status.ok()) {
    if (status.refusal == nullptr) {
      return Fail(report, "unable to open supervise/status: " +
                              std::string(status.Reason()));
    }
    // 0.76 misses a read error and prints garbage; say what went wrong.
    std::string_view reason = S_ISDIR(status.info.st_mode)
                                  ? common::ErrorText(EISDIR)
                                  : status.Reason();
    return Fail(report,
                "unable to read supervise/status: " + std::string(reason));
  }
  if (status.info.st_uid != 0 && status.info.st_uid != supervise.info.st_uid) {
    return Fail(report,
                "unable to read supervise/status: owned by another account");
  }
  std::string bytes;
  if (!common::ReadUpTo(status.fd.get(), common::kStatusRecordSize, &bytes)) {
    return Fail(report, "unable to read supervise/status: " +
                            std::string(common::ErrorText(errno)));
  }
  std::optional<common::StatusRecord> record = common::DecodeStatus(
      reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (!record)
    return Fail(report, "unable to read supervise/status: bad format");
  report->outcome = svc::ServiceReport::kStatus;
  report->record = *record;
  report->now_seconds = common::Tai64nNow().seconds;
  report->deaths = svc::ReadFirstLine(supervise, "deaths", 64);
  if (details || record->pid == 0) {
    report->refused = svc::ReadFirstLine(supervise, "refused", kMaxTextBytes);
  }
  if (!details) return;
  report->last_exit =
      common::ParseExitRecord(svc::ReadFirstLine(supervise, "exit", 64));
  report->confinement =
      svc::ReadFirstLine(supervise, "confinement", kMaxTextBytes);
  report->readiness = common::ParseReadinessRecord(
      svc::ReadFirstLine(supervise, "readiness", kMaxTextBytes));
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("svstat");
  sandbox::LockDownProcess(svc::kSvstatAllowList, svc::kClientCapabilities);
  // 0.76 takes no options and treats every argument as a directory; only
  // a first argument that is exactly -v or -j is ours.
  enum { kPlain, kVerbose, kJson } format = kPlain;
  int first = 1;
  if (argc > 1 && std::strcmp(argv[1], "-v") == 0) {
    format = kVerbose;
    first = 2;
  } else if (argc > 1 && std::strcmp(argv[1], "-j") == 0) {
    format = kJson;
    first = 2;
  }
  common::UniqueFd start(open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!start.valid()) {
    common::DieSys(111, "unable to open current directory");
  }
  std::string output;
  for (int i = first; i < argc; ++i) {
    svc::ServiceReport report;
    report.dir = argv[i];
    Describe(&report, format != kPlain);
    output += format == kPlain     ? svc::FormatPlain(report)
              : format == kVerbose ? svc::FormatVerbose(report)
                                   : svc::FormatJson(report);
    if (fchdir(start.get()) != 0) {
      common::DieSys(111, "unable to set directory");
    }
  }
  if (!common::WriteAll(1, output)) {
    common::DieSys(111, "unable to write output");
  }
  return 0;
}
