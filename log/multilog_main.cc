// multilog: reads lines on stdin and acts on each as its arguments say:
// stamp it, select or deselect it by pattern, echo it to stderr, keep the
// latest one in a status file, and append it to rotated log directories.
// Exit 0 at end of input or after TERM (once the current line is done);
// ALRM rotates every log directory that holds anything.
#include <fcntl.h>
#include <linux/capability.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/safe_file.h"
#include "common/tai64n.h"
#include "common/unique_fd.h"
#include "log/line_router.h"
#include "log/log_directory.h"
#include "log/log_owner.h"
#include "log/multilog_script.h"
#include "log/pause.h"
#include "log/processor_helper.h"
#include "sandbox/lockdown.h"

namespace {

using log_tools::LogDirectory;

// Log directories are made and opened before the lockdown, so neither
// mkdir nor any call that changes a mode or owner by name is here.
constexpr int kAllowList[] = {
    SYS_read,          SYS_write,           SYS_openat,    SYS_close,
    SYS_fstat,         SYS_newfstatat,      SYS_lseek,     SYS_pwrite64,
    SYS_fsync,         SYS_fchmod,          SYS_renameat,  SYS_renameat2,
    SYS_linkat,        SYS_unlinkat,        SYS_flock,     SYS_getdents64,
    SYS_clock_gettime, SYS_clock_nanosleep, SYS_nanosleep, SYS_poll,
    SYS_ppoll,         SYS_sendmsg,         SYS_recvfrom,  SYS_fcntl,
    SYS_rt_sigprocmask};

// A root multilog that stays root (its directories are root's, or have
// different owners) may have to write in a log directory owned by a log
// account; nothing else of root's power is needed. One whose directories
// all belong to one account becomes that account and keeps nothing.
constexpr int kKeptCapabilities[] = {CAP_DAC_OVERRIDE, CAP_FOWNER};

class Output : public log_tools::LineOutput {
 public:
  Output(std::vector<LogDirectory>& directories,
         const std::vector<std::string>& status_names,
         const std::vector<common::UniqueFd>& status_files)
      : directories_(directories),
        status_names_(status_names),
        status_files_(status_files) {}

  void ToDirectory(size_t directory, std::string_view bytes) override {
    directories_[directory].Append(bytes);
  }
  void ToStderr(std::string_view line) override {
    (void)common::WriteAll(2, line);
  }
  void ToStatusFile(size_t file, std::string_view record) override {
    log_tools::Persist(
        [&] {
          return pwrite(status_files_[file].get(), record.data(), record.size(),
                        0) == static_cast<ssize_t>(record.size());
        },
        [&] { return "unable to write " + status_names_[file]; });
  }

 private:
  std::vector<LogDirectory>& directories_;
  const std::vector<std::string>& status_names_;
  const std::vector<common::UniqueFd>& status_files_;
};

bool NeedsProcessor(const std::vector<std::string_view>& arguments) {
  for (std::string_view argument : arguments) {
    if (!argument.empty() && argument[0] == '!') return true;
  }
  return false;
}

void FlushAll(std::vector<LogDirectory>& directories) {
  for (LogDirectory& directory : directories) directory.Flush();
}

}  // namespace

int main(int argc, char** argv) {
  common::SetProgramName("multilog");
  std::vector<std::string_view> arguments(argv + 1, argv + argc);
  // The helper must exist before the filter does; see processor_helper.h.
  std::optional<log_tools::ProcessorHelper> helper;
  if (NeedsProcessor(arguments)) {
    helper = log_tools::ProcessorHelper::Start(arguments);
    if (!helper) {
      common::DieSys(111, "unable to fork for processor");
    }
  }
  // A file-size limit or a closed stderr must cost a pause or an echo,
  // never the process.
  signal(SIGXFSZ, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  umask(022);
  sigset_t handled;
  sigemptyset(&handled);
  sigaddset(&handled, SIGTERM);
  sigaddset(&handled, SIGALRM);
  sigprocmask(SIG_BLOCK, &handled, nullptr);
  common::UniqueFd signals(signalfd(-1, &handled, SFD_CLOEXEC));
  if (!signals.valid()) {
    common::DieSys(111, "unable to receive signals");
  }
  log_tools::Script script = log_tools::ParseScript(arguments);
  // Status files may lie where only root may write, so they are opened
  // first; never through a link, and only a regular file with one link.
  std::vector<common::UniqueFd> status_files;
  for (const std::string& name : script.status_files) {
    common::CheckedFile file =
        common::OpenChecked(AT_FDCWD, name.c_str(), O_WRONLY | O_CREAT,
                            common::FileType::kRegular, 0600, true);
    if (!file.ok()) {
      common::DieFatal(111, "unable to create ", name, ": ", file.Reason());
    }
    status_files.push_back(std::move(file.fd));
  }
  std::vector<common::UniqueFd> opened;
  std::vector<struct stat> owners(script.directories.size());
  for (size_t i = 0; i < script.directories.size(); ++i) {
    opened.push_back(
        LogDirectory::Open(script.directories[i].path, &owners[i]));
  }
  std::optional<log_tools::Owner> owner;
  if (geteuid() == 0) owner = log_tools::CommonOwner(owners);
  if (owner) {
    for (const common::UniqueFd& directory : opened) {
      LogDirectory::GiveLeftoversTo(directory.get(), *owner);
    }
    if (!log_tools::BecomeOwner(*owner)) {
      common::DieSys(111, "unable to switch to uid ",
                     std::to_string(owner->uid));
    }
  }
  LogDirectory::ConfineTo(opened, script.directories);
  if (owner) {
    sandbox::LockDownProcess(kAllowList, {});
  } else {
    sandbox::LockDownProcess(kAllowList, kKeptCapabilities);
  }

  std::vector<LogDirectory> directories;
  directories.reserve(script.directories.size());
  for (size_t i = 0; i < script.directories.size(); ++i) {
    directories.emplace_back(script.directories[i], i,
                             helper ? &*helper : nullptr, std::move(opened[i]));
  }

  Output output(directories, script.status_files, status_files);
  log_tools::LineRouter router(script);
  bool terminating = false;
  // At most one file's worth of input per read (s is at least 4096), so a
  // processor never runs while read bytes wait only in memory (see Flush).
  char buffer[4096];
  for (;;) {
    // Nothing read stays only in our memory while we wait for more.
    FlushAll(directories);
    if (terminating && router.at_line_start()) break;
    struct pollfd watched[2] = {{0, POLLIN, 0}, {signals.get(), POLLIN, 0}};
    if (poll(watched, 2, -1) < 0) continue;
    if (watched[1].revents & POLLIN) {
      struct signalfd_siginfo info;
      if (read(signals.get(), &info, sizeof(info)) == sizeof(info)) {
        if (info.ssi_signo == SIGTERM) terminating = true;
        if (info.ssi_signo == SIGALRM) {
          for (LogDirectory& directory : directories) {
            directory.RotateIfNotEmpty();
          }
        }
      }
      continue;
    }
    if (watched[0].revents == 0) continue;
    ssize_t got = read(0, buffer, sizeof(buffer));
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    std::string label;
    if (script.timestamp) {
      label = common::FormatTai64nLabel(common::Tai64nNow());
    }
    if (got <= 0) {
      int error = got < 0 ? errno : 0;
      router.Finish(label, output);
      for (LogDirectory& directory : directories) directory.Close();
      if (error != 0) {
        common::DieFatal(111,
                         "unable to read input: ", common::ErrorText(error));
      }
      return 0;
    }
    router.Feed(std::string_view(buffer, static_cast<size_t>(got)), label,
                output);
  }
  for (LogDirectory& directory : directories) directory.Close();
  return 0;
}
