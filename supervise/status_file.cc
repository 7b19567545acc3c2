#include "supervise/status_file.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <string_view>

#include "common/diagnostics.h"
#include "common/safe_file.h"

namespace supervise {

void StatusFile::Write(const common::StatusRecord& record) {
  common::StatusBytes bytes = common::EncodeStatus(record);
  if (written_ && *written_ == bytes) return;
  written_.reset();
  stale_ = true;
  // status.new is created afresh (never through a link) and renamed over
  // status, 0.76's names, so svstat never reads half a record.
  const char* step = "open";
  if (!common::ReplaceFile(
          supervise_, "status", "status.new",
          std::string_view(reinterpret_cast<const char*>(bytes.data()),
                           bytes.size()),
          0644, /*durable=*/false, &step)) {
    std::string_view step_text = step;
    // O_EXCL reports a directory in the way as "exists"; say what 0.76
    // would have said when it tried to open it.
    struct stat in_the_way;
    if (step_text == "open" && errno == EEXIST &&
        fstatat(supervise_, "status.new", &in_the_way, AT_SYMLINK_NOFOLLOW) ==
            0 &&
        S_ISDIR(in_the_way.st_mode)) {
      errno = EISDIR;
    }
    if (step_text == "rename") {
      common::WarnSys("unable to rename ", dir_,
                      "/supervise/status.new to status");
    } else {
      common::WarnSys("unable to ", step_text, " ", dir_,
                      "/supervise/status.new");
    }
    return;
  }
  written_ = bytes;
  stale_ = false;
}

}  // namespace supervise
