// svpolicy check DIR...: judges DIR/policy, DIR/restart-policy and (for a
// scan directory) DIR/.baseline exactly as supervise and svscan would.
// svpolicy show DIR: the effective settings of DIR/policy and what they
// protect, one row per protection, with an overall exposure rating.
// svpolicy learn [-t SECONDS] DIR: runs DIR/run once under ptrace and
// prints the seccomp allow line it needed.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <string_view>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "sandbox/lockdown.h"
#include "sandbox/policy_file.h"
#include "sandbox/policy_summary.h"
#include "supervise/restart_policy.h"
#include "svc/learned_policy.h"
#include "svc/policy_exposure.h"
#include "svc/syscall_tracer.h"
#include "svscan/baseline.h"

namespace {

constexpr char kUsage[] =
    "svpolicy: usage: svpolicy check dir ... | show dir | learn [-t "
    "seconds] dir";
constexpr int kDefaultLearnSeconds = 10;
constexpr size_t kMaxRestartPolicyBytes = 4096;  // as supervise

// Reading files and /etc/passwd and /etc/group, compiling filters
// (libseccomp asks the kernel which actions it supports), printing.
constexpr int kAllowList[] = {
    SYS_openat, SYS_read, SYS_write, SYS_close, SYS_fstat, SYS_newfstatat,
    SYS_lseek, SYS_pread64, SYS_chdir, SYS_fchdir, SYS_access, SYS_faccessat,
    SYS_geteuid, SYS_getuid, SYS_seccomp, SYS_prctl, SYS_getpid, SYS_gettid,
    SYS_memfd_create,
    // What the kernel can honour (sandbox/kernel_support.h): the Landlock
    // ABI and whether mount_setattr exists; harmless without capabilities.
    SYS_landlock_create_ruleset, SYS_mount_setattr};

void Print(std::string_view line) { common::WriteLine(1, {line}); }

// "" when DIR/restart-policy is absent or valid, else what is wrong.
std::string CheckRestartPolicy(const std::string& dir) {
  common::CheckedFile file = common::OpenChecked(
      AT_FDCWD, "restart-policy", O_RDONLY, common::FileType::kRegular);
  if (file.missing()) return "";
  std::string where = dir + "/restart-policy: ";
  if (!file.ok()) return where + std::string(file.Reason());
  std::string text;
  if (!common::ReadUpTo(file.fd.get(), kMaxRestartPolicyBytes + 1, &text)) {
    return where + std::string(common::ErrorText(errno));
  }
  if (text.size() > kMaxRestartPolicyBytes) return where + "file too large";
  common::ParseResult<supervise::RestartPolicy> parsed =
      supervise::ParseRestartPolicy(text);
  if (!parsed.value) return where + parsed.error;
  return "";
}

bool CheckOne(const std::string& dir) {
  if (chdir(dir.c_str()) != 0) {
    Print(dir + ": unable to chdir: " + std::string(common::ErrorText(errno)));
    return false;
  }
  bool ok = true;
  sandbox::ResolvedPolicy policy;
  std::string error;
  sandbox::PolicyFileState state =
      sandbox::LoadPolicyFile("policy", &policy, &error);
  if (state == sandbox::PolicyFileState::kRefused) {
    Print(dir + "/" + error);
    ok = false;
  } else if (state == sandbox::PolicyFileState::kLoaded &&
             policy.policy.ConfinesRootImplicitly()) {
    // What root's supervise refuses, whoever runs the check.
    Print(dir + "/policy: " + sandbox::kConfinesRootImplicitly);
    ok = false;
  }
  if (std::string problem = CheckRestartPolicy(dir); !problem.empty()) {
    Print(problem);
    ok = false;
  }
  // Only a scan directory has one; judged only when present, since svscan
  // falls back to its default.
  if (access(".baseline", F_OK) == 0 || errno != ENOENT) {
    sandbox::ResolvedPolicy baseline;
    std::vector<int> keep;
    if (!svscan::LoadBaseline(&baseline, &keep, &error)) {
      Print(dir + "/" + error);
      ok = false;
    }
  }
  if (ok) Print(dir + ": ok");
  return ok;
}

int Show(const std::string& dir) {
  if (chdir(dir.c_str()) != 0) {
    common::DieSys(111, "unable to chdir to ", dir);
  }
  sandbox::ResolvedPolicy policy;
  std::string error;
  sandbox::PolicyFileState state =
      sandbox::LoadPolicyFile("policy", &policy, &error);
  if (state == sandbox::PolicyFileState::kRefused) {
    common::DieFatal(111, dir, "/", error);
  }
  bool present = state == sandbox::PolicyFileState::kLoaded;
  Print(dir + ": " + (present ? sandbox::PolicySummary(policy) : "no policy"));
  std::vector<svc::ExposureRow> rows =
      svc::ExposureOf(present ? &policy : nullptr);
  std::string table = "protection     state    why\n";
  for (const svc::ExposureRow& row : rows) {
    char line[64];
    std::snprintf(line, sizeof(line), "%-14s %-8s ", row.name.c_str(),
                  svc::ProtectionWord(row.state));
    table += line + row.reason + "\n";
  }
  svc::Rating rating = svc::RateExposure(rows);
  char overall[64];
  std::snprintf(overall, sizeof(overall), "exposure %.1f of 10: %s",
                rating.exposure, rating.word);
  table += overall;
  Print(table);
  return 0;
}

// Before any lockdown: the traced child must not inherit a filter. Only
// argv is read here; TraceRun locks this process down once the child
// exists.
int Learn(int argc, char** argv) {
  int seconds = kDefaultLearnSeconds;
  int index = 2;
  if (argc == 5 && std::string_view(argv[2]) == "-t") {
    std::string_view text = argv[3];
    if (text.empty() || text.size() > 5 ||
        text.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoi(std::string(text)) == 0) {
      common::DieUsage(kUsage);
    }
    seconds = std::stoi(std::string(text));
    index = 4;
  }
  if (index != argc - 1) common::DieUsage(kUsage);
  std::string dir = argv[index];
  if (chdir(dir.c_str()) != 0) {
    common::DieSys(111, "unable to chdir to ", dir);
  }
  svc::TraceResult trace = svc::TraceRun(seconds);
  if (!trace.error.empty()) {
    common::DieFatal(111, trace.error);
  }
  if (!trace.started) {
    common::DieFatal(111, "unable to start ", dir, "/run");
  }
  std::string text =
      "# learned from " + dir +
      "/run: " + std::to_string(trace.syscalls.size()) + " system calls" +
      (trace.timed_out
           ? ", stopped after " + std::to_string(seconds) + " seconds"
           : "") +
      "\n" + svc::LearnedSeccompLine(trace.syscalls);
  Print(text);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("svpolicy");
  if (argc >= 3 && std::string_view(argv[1]) == "learn") {
    return Learn(argc, argv);
  }
  sandbox::LockDownTool(kAllowList);
  if (argc < 3) common::DieUsage(kUsage);
  std::string_view command = argv[1];
  if (command == "show" && argc == 3) return Show(argv[2]);
  if (command != "check") common::DieUsage(kUsage);
  int start = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (start < 0) {
    common::DieSys(111, "unable to open current directory");
  }
  bool all_ok = true;
  for (int i = 2; i < argc; ++i) {
    all_ok = CheckOne(argv[i]) && all_ok;
    if (fchdir(start) != 0) {
      common::DieSys(111, "unable to set directory");
    }
  }
  return all_ok ? 0 : 111;
}
