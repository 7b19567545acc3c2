#include "supervise/status_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "common/diagnostics.h"
#include "common/error_text.h"
#include "common/unique_fd.h"

namespace supervise {

namespace {
constexpr char kNewName[] = "supervise/status.new";
constexpr char kFinalName[] = "supervise/status";
}  // namespace

void StatusFile::Write(const common::StatusRecord& record) {
  common::StatusBytes bytes = common::EncodeStatus(record);
  if (written_ && *written_ == bytes) return;
  written_.reset();
  stale_ = true;
  common::UniqueFd fd(open(
      kNewName, O_WRONLY | O_CREAT | O_TRUNC | O_NONBLOCK | O_CLOEXEC, 0644));
  if (!fd.valid()) {
    common::WriteLine(2, {"supervise: warning: unable to open ", dir_,
                          "/supervise/status.new: ", common::ErrorText(errno)});
    return;
  }
  ssize_t result;
  do {
    result = write(fd.get(), bytes.data(), bytes.size());
  } while (result < 0 && errno == EINTR);
  if (result < 0) {
    common::WriteLine(2, {"supervise: warning: unable to write ", dir_,
                          "/supervise/status.new: ", common::ErrorText(errno)});
    return;
  }
  if (static_cast<size_t>(result) != bytes.size()) {
    common::WriteLine(2, {"supervise: warning: unable to write ", dir_,
                          "/supervise/status.new: partial write"});
    return;
  }
  fd.Reset();
  if (rename(kNewName, kFinalName) != 0) {
    common::WriteLine(
        2, {"supervise: warning: unable to rename ", dir_,
            "/supervise/status.new to status: ", common::ErrorText(errno)});
    return;
  }
  written_ = bytes;
  stale_ = false;
}

}  // namespace supervise
