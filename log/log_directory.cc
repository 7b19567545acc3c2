#include "log/log_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <vector>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/tai64n.h"
#include "log/pause.h"
#include "sandbox/landlock.h"

namespace log_tools {

namespace {

constexpr mode_t kWriting = 0644;
constexpr mode_t kFinished = 0744;
constexpr size_t kArchiveNameMinimum = 25;  // "@" and 24 hex digits
// Rotation happens at the first line end at or beyond this many bytes
// short of the maximum, so archives end on whole lines.
constexpr off_t kRotationSlack = 2000;

bool IsArchiveName(std::string_view name) {
  return name.size() >= kArchiveNameMinimum && name[0] == '@';
}

}  // namespace

common::UniqueFd LogDirectory::Open(const std::string& path,
                                    struct stat* info) {
  mkdir(path.c_str(), 0700);  // an existing directory keeps its mode
  // The path itself is the operator's, so it may be a link.
  common::UniqueFd directory(
      open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!directory.valid() || fstat(directory.get(), info) != 0) {
    common::DieSys(111, "unable to open directory ", path);
  }
  return directory;
}

void LogDirectory::GiveLeftoversTo(int directory, const Owner& owner) {
  for (const char* name :
       {"lock", "current", "state", "newstate", "previous", "processed"}) {
    common::CheckedFile file = common::OpenChecked(
        directory, name, O_RDONLY, common::FileType::kRegular, 0, true);
    if (file.ok() && file.info.st_uid != owner.uid &&
        fchown(file.fd.get(), owner.uid, owner.gid) != 0) {
      // Not fatal: the owner's multilog reports what it cannot open.
    }
  }
}

// Status files are open before this, and a processor is started by the
// helper, outside this domain. Each rule names the directory multilog
// holds, through /proc/self/fd where there is one, so it cannot land
// elsewhere. A kernel without Landlock leaves the seccomp filter and the
// checks of common/safe_file.h; nothing is printed, as 0.76 prints
// nothing.
void LogDirectory::ConfineTo(std::span<const common::UniqueFd> directories,
                             std::span<const DirectorySettings> settings) {
  std::vector<sandbox::LandlockRule> rules;
  for (size_t i = 0; i < directories.size(); ++i) {
    std::string held = "/proc/self/fd/" + std::to_string(directories[i].get());
    rules.push_back({access(held.c_str(), F_OK) == 0 ? held : settings[i].path,
                     sandbox::landlock::kWriteFiles});
  }
  sandbox::LandlockResult result = sandbox::RestrictPaths(rules);
  if (result.status == sandbox::LandlockResult::kFailed) {
    common::DieFatal(111, "unable to lock down: ", sandbox::Describe(result));
  }
}

LogDirectory::LogDirectory(const DirectorySettings& settings, size_t index,
                           ProcessorHelper* helper, common::UniqueFd directory)
    : settings_(settings),
      index_(index),
      helper_(helper),
      directory_(std::move(directory)) {
  const std::string& path = settings_.path;
  // Never created or locked through a link: a link could make multilog
  // create or lock a file outside the directory.
  common::CheckedFile lock = common::OpenChecked(
      directory_.get(), "lock", O_WRONLY | O_CREAT | O_APPEND,
      common::FileType::kRegular, 0600, true);
  if (!lock.ok()) {
    common::DieFatal(111, "unable to lock directory ", path, ": ",
                     lock.Reason());
  }
  lock_ = std::move(lock.fd);
  if (flock(lock_.get(), LOCK_EX | LOCK_NB) != 0) {
    common::DieSys(111, "unable to lock directory ", path);
  }
  struct stat current;
  bool exists =
      fstatat(directory_.get(), "current", &current, AT_SYMLINK_NOFOLLOW) == 0;
  if (!exists && errno != ENOENT) {
    common::DieSys(111, "unable to stat ", Where("current"));
  }
  if (exists && (current.st_mode & S_IXUSR)) {
    // Closed cleanly last time: keep appending to it.
    common::CheckedFile file =
        common::OpenChecked(directory_.get(), "current", O_WRONLY | O_APPEND,
                            common::FileType::kRegular, 0, true);
    if (!file.ok())
      common::DieFatal(111, "unable to append to ", Where("current"), ": ",
                       file.Reason());
    current_ = std::move(file.fd);
    size_ = file.info.st_size;
    return;
  }
  Recover();
}

std::string LogDirectory::Where(std::string_view file) const {
  std::string where = settings_.path;
  where += '/';
  where += file;
  return where;
}

// The last run did not end cleanly: keep everything it left, as archives
// marked unfinished (.u), and start afresh.
void LogDirectory::Recover() {
  int dir = directory_.get();
  for (const char* stale : {"state", "newstate"}) {
    Persist([&] { return unlinkat(dir, stale, 0) == 0 || errno == ENOENT; },
            [&] { return "unable to remove " + Where(stale); });
  }
  struct stat processed;
  if (fstatat(dir, "processed", &processed, AT_SYMLINK_NOFOLLOW) == 0 &&
      (processed.st_mode & S_IXUSR)) {
    // The processor finished: its output is complete, its input redundant.
    Persist(
        [&] { return unlinkat(dir, "previous", 0) == 0 || errno == ENOENT; },
        [&] { return "unable to remove " + Where("previous"); });
    Save("processed", 's');
  } else {
    Persist(
        [&] { return unlinkat(dir, "processed", 0) == 0 || errno == ENOENT; },
        [&] { return "unable to remove " + Where("processed"); });
    Save("previous", 'u');
  }
  Save("current", 'u');
  // An empty state, made afresh under newstate and renamed into place: a
  // link planted as state once it was removed is replaced, not truncated.
  Persist(
      [&] {
        return common::ReplaceFile(dir, "state", "newstate", "", kWriting,
                                   false);
      },
      [&] { return "unable to create " + Where("state"); });
  common::CheckedFile current =
      common::OpenChecked(dir, "current", O_WRONLY | O_CREAT | O_APPEND,
                          common::FileType::kRegular, kWriting, true);
  if (!current.ok()) {
    common::DieFatal(111, "unable to append to ", Where("current"), ": ",
                     current.Reason());
  }
  current_ = std::move(current.fd);
  size_ = 0;
}

// Moves `name` to a fresh archive name (unless a crash already linked it
// there) and prunes old archives. Absent files are skipped.
void LogDirectory::Save(const char* name, char code) {
  int dir = directory_.get();
  // Looked at again whenever the name is replaced under us: the owner of
  // the directory may rename anything there at any time.
  for (;;) {
    struct stat file;
    bool exists = false;
    Persist(
        [&] {
          exists = fstatat(dir, name, &file, AT_SYMLINK_NOFOLLOW) == 0;
          return exists || errno == ENOENT;
        },
        [&] { return "unable to stat " + Where(name); });
    if (!exists) return;
    // Not archived: an empty file left by a crash (nothing worth keeping),
    // one a crash already linked to its archive name, and anything that
    // is not a regular file (a link or FIFO planted there).
    if ((file.st_size == 0 && code == 'u') || !S_ISREG(file.st_mode) ||
        file.st_nlink > 1) {
      break;
    }
    std::string archive;
    bool replaced = false;
    Persist(
        [&] {
          archive = common::FormatTai64nLabel(common::Tai64nNow());
          archive += '.';
          archive += code;
          // Two saves within one microsecond get the same name: try again.
          if (linkat(dir, name, dir, archive.c_str(), 0) == 0) return true;
          // If the name now leads elsewhere, what failed to link (a link
          // Landlock will not let us copy, say) is looked at afresh.
          int error = errno;
          struct stat now;
          replaced =
              fstatat(dir, name, &now, AT_SYMLINK_NOFOLLOW) != 0
                  ? errno == ENOENT
                  : now.st_dev != file.st_dev || now.st_ino != file.st_ino;
          errno = error;
          return replaced;
        },
        [&] { return "unable to link to " + Where(archive); });
    if (!replaced) break;
  }
  Persist([&] { return unlinkat(dir, name, 0) == 0 || errno == ENOENT; },
          [&] { return "unable to remove " + Where(name); });
  Prune();
}

void LogDirectory::Prune() {
  std::vector<std::string> archives;
  Persist(
      [&] {
        archives.clear();
        int copy =
            openat(directory_.get(), ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (copy < 0) return false;
        DIR* listing = fdopendir(copy);
        if (listing == nullptr) {
          close(copy);
          return false;
        }
        errno = 0;
        while (struct dirent* entry = readdir(listing)) {
          if (IsArchiveName(entry->d_name))
            archives.emplace_back(entry->d_name);
        }
        int error = errno;
        closedir(listing);
        errno = error;
        return error == 0;
      },
      [&] { return "unable to read " + settings_.path; });
  std::sort(archives.begin(), archives.end());
  // Names are TAI64N stamps, so the smallest is the oldest.
  for (size_t i = 0; archives.size() - i >= settings_.max_files; ++i) {
    Persist(
        [&] {
          return unlinkat(directory_.get(), archives[i].c_str(), 0) == 0 ||
                 errno == ENOENT;
        },
        [&] { return "unable to remove " + Where(archives[i]); });
  }
}

void LogDirectory::WriteCurrent(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t written = write(current_.get(), bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      // A full disk or a file-size limit: wait for room; the line is kept.
      WarnAndPause("unable to write to " + Where("current"), errno);
      continue;
    }
    ends_with_newline_ = bytes[static_cast<size_t>(written) - 1] == '\n';
    bytes.remove_prefix(static_cast<size_t>(written));
    size_ += written;
  }
}

void LogDirectory::Flush() {
  const off_t limit = settings_.max_file_size;
  const off_t rotate_at = limit - kRotationSlack;
  std::string_view rest = pending_;
  std::string batch;
  auto write_and_rotate = [&] {
    WriteCurrent(batch);
    batch.clear();
    Rotate();
  };
  // A second rotation in one flush would run the processor of the first
  // while bytes still wait here; unless current is at its hard limit it
  // waits until everything queued is on disk.
  auto may_rotate_early = [&] {
    return !previous_due_ || settings_.processor.empty();
  };
  while (!rest.empty()) {
    off_t room = limit - (size_ + static_cast<off_t>(batch.size()));
    if (room <= 0) {  // full, or appending to a file left by a larger s
      write_and_rotate();
      continue;
    }
    size_t newline = rest.find('\n');
    size_t piece =
        newline == std::string_view::npos ? rest.size() : newline + 1;
    piece = std::min(piece, static_cast<size_t>(room));
    batch.append(rest.substr(0, piece));
    rest.remove_prefix(piece);
    bool line_ended = batch.back() == '\n';
    off_t size = size_ + static_cast<off_t>(batch.size());
    if (line_ended && size >= rotate_at && may_rotate_early()) {
      write_and_rotate();
    }
  }
  WriteCurrent(batch);
  pending_.clear();
  FinishPrevious();
  if (ends_with_newline_ && size_ >= rotate_at) {
    Rotate();
    FinishPrevious();
  }
}

void LogDirectory::Rotate() {
  int dir = directory_.get();
  // A processor still due from the last rotation needs previous first.
  FinishPrevious();
  Persist([&] { return fsync(current_.get()) == 0; },
          [&] { return "unable to write " + Where("current") + " to disk"; });
  // Finished through the descriptor, before the rename: whatever is named
  // previous afterwards (the owner can rename anything there) is never
  // chmodded. A crash before the rename leaves a finished current, which
  // the next start appends to.
  Persist([&] { return fchmod(current_.get(), kFinished) == 0; },
          [&] { return "unable to set mode of " + Where("current"); });
  current_.Reset();
  Persist([&] { return renameat(dir, "current", dir, "previous") == 0; },
          [&] {
            return "unable to rename current to previous in directory " +
                   settings_.path;
          });
  current_ = OpenPersistently("current", O_WRONLY | O_APPEND, true);
  size_ = 0;
  ends_with_newline_ = true;
  previous_due_ = true;
}

// Opens `name` as a regular file with one link, never through a link,
// pausing and warning until that works. A `fresh` file is made anew (what
// has the name is removed first), so nothing planted there is truncated.
common::UniqueFd LogDirectory::OpenPersistently(const char* name, int flags,
                                                bool fresh) {
  int dir = directory_.get();
  if (fresh) flags |= O_CREAT | O_EXCL;
  common::CheckedFile file;
  Persist(
      [&] {
        if (fresh && unlinkat(dir, name, 0) != 0 && errno != ENOENT) {
          return false;
        }
        file = common::OpenChecked(dir, name, flags, common::FileType::kRegular,
                                   kWriting, true);
        if (!file.ok() && file.refusal != nullptr) errno = 0;
        return file.ok();
      },
      [&] {
        std::string what =
            (flags & O_CREAT) ? "unable to create " : "unable to read ";
        what += Where(name);
        if (!file.ok() && file.refusal != nullptr) {
          what += ": ";
          what += file.refusal;
        }
        return what;
      });
  return std::move(file.fd);
}

// Archives previous, through the processor if there is one. Flush calls
// it only after every queued byte is in the new current, so a crash while
// a slow processor runs loses nothing that was read.
void LogDirectory::FinishPrevious() {
  if (!previous_due_) return;
  previous_due_ = false;
  if (settings_.processor.empty()) {
    Save("previous", 's');
  } else {
    RunProcessor();
  }
}

// previous -> processor -> processed, which is then archived; the
// processor may carry state from one run to the next in state/newstate.
void LogDirectory::RunProcessor() {
  int dir = directory_.get();
  common::UniqueFd processed;
  common::UniqueFd new_state;
  for (;;) {
    common::UniqueFd previous = OpenPersistently("previous", O_RDONLY);
    processed = OpenPersistently("processed", O_WRONLY, true);
    common::UniqueFd state = OpenPersistently("state", O_RDONLY | O_CREAT);
    new_state = OpenPersistently("newstate", O_WRONLY, true);
    std::optional<int> status =
        helper_ == nullptr
            ? std::nullopt
            : helper_->Run(index_, {dir, previous.get(), processed.get(),
                                    state.get(), new_state.get()});
    if (!status) {
      WarnAndPause("unable to run processor in " + settings_.path, errno);
      continue;
    }
    if (WIFEXITED(*status) && WEXITSTATUS(*status) == 0) break;
    WarnAndPause(std::string(WIFSIGNALED(*status) ? "processor crashed in "
                                                  : "processor failed in ") +
                     settings_.path,
                 0);
  }
  Persist([&] { return fsync(processed.get()) == 0; },
          [&] { return "unable to write " + Where("processed") + " to disk"; });
  Persist([&] { return fchmod(processed.get(), kFinished) == 0; },
          [&] { return "unable to set mode of " + Where("processed"); });
  Persist([&] { return fsync(new_state.get()) == 0; },
          [&] { return "unable to write " + Where("newstate") + " to disk"; });
  Persist([&] { return unlinkat(dir, "previous", 0) == 0 || errno == ENOENT; },
          [&] { return "unable to remove " + Where("previous"); });
  Persist([&] { return renameat(dir, "newstate", dir, "state") == 0; },
          [&] {
            return "unable to rename newstate to state in directory " +
                   settings_.path;
          });
  Save("processed", 's');
}

void LogDirectory::RotateIfNotEmpty() {
  Flush();
  if (size_ > 0) {
    Rotate();
    FinishPrevious();
  }
}

void LogDirectory::Close() {
  Flush();
  Persist([&] { return fsync(current_.get()) == 0; },
          [&] { return "unable to write " + Where("current") + " to disk"; });
  Persist([&] { return fchmod(current_.get(), kFinished) == 0; },
          [&] { return "unable to set mode of " + Where("current"); });
}

}  // namespace log_tools
