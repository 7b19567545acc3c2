// One multilog log directory: locking, crash recovery at start, the
// current file with its size rule, rotation, processors and archive
// pruning. Failures at start are fatal (exit 111, as in daemontools);
// failures while running are retried after a pause, so no line is lost.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <span>
#include <string>
#include <string_view>

#include "common/safe_file.h"
#include "common/unique_fd.h"
#include "log/log_owner.h"
#include "log/multilog_script.h"
#include "log/processor_helper.h"

namespace log_tools {

class LogDirectory {
 public:
  // Opens the directory at `path` (creating it 0700 if missing) and
  // describes it in `info`. Done first, while multilog may still be root.
  // Dies on failure.
  static common::UniqueFd Open(const std::string& path, struct stat* info);

  // Gives `owner` the files a root multilog of an earlier version left in
  // `directory` (lock, current, state, ...), so the owner can go on with
  // them. Only regular files with one link, never through a link: each is
  // a file that can only be reached in the owner's own directory.
  static void GiveLeftoversTo(int directory, const Owner& owner);

  // Landlock: from now on the process may open, create, link, rename and
  // remove files only beneath `directories` (as opened by Open, for
  // `settings`). Dies if Landlock is there but fails; without it, goes on.
  static void ConfineTo(std::span<const common::UniqueFd> directories,
                        std::span<const DirectorySettings> settings);

  // Locks and recovers `directory`, as opened by Open. `helper` runs
  // processors; it may be null when the script has none. Dies on failure.
  LogDirectory(const DirectorySettings& settings, size_t index,
               ProcessorHelper* helper, common::UniqueFd directory);
  LogDirectory(LogDirectory&&) = default;

  // Queues bytes for current; nothing is written until Flush.
  void Append(std::string_view bytes) { pending_.append(bytes); }

  // Writes what is queued, rotating whenever current is full.
  void Flush();

  // Rotates if current holds anything (ALRM).
  void RotateIfNotEmpty();

  // Clean end: flush, sync current and mark it finished (owner x bit).
  void Close();

 private:
  void Recover();
  void Rotate();
  void FinishPrevious();
  void RunProcessor();
  void Save(const char* name, char code);
  void Prune();
  void WriteCurrent(std::string_view bytes);
  common::UniqueFd OpenPersistently(const char* name, int flags,
                                    bool fresh = false);
  std::string Where(std::string_view file) const;

  DirectorySettings settings_;
  size_t index_;
  ProcessorHelper* helper_;
  common::UniqueFd directory_;
  common::UniqueFd lock_;
  common::UniqueFd current_;
  off_t size_ = 0;
  bool previous_due_ = false;
  bool ends_with_newline_ = true;
  std::string pending_;
};

}  // namespace log_tools
