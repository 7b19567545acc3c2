// Writes supervise/status the daemontools way (status.new, then rename) and
// skips writes whose bytes would not change the file.
#pragma once

#include <optional>
#include <string>

#include "common/status_record.h"

namespace supervise {

class StatusFile {
 public:
  // `dir` is the service directory as given on the command line; it only
  // appears in warnings.
  explicit StatusFile(std::string dir) : dir_(std::move(dir)) {}

  // The descriptor of supervise/, which every write is relative to; set
  // before the first Write.
  void SetDirectory(int supervise) { supervise_ = supervise; }

  // Writes unless the same bytes were written last time. Failures print a
  // warning and are retried on the next call.
  void Write(const common::StatusRecord& record);

  // True when the last attempt failed and the file may be stale.
  bool stale() const { return stale_; }

 private:
  std::string dir_;
  int supervise_ = -1;
  std::optional<common::StatusBytes> written_;
  bool stale_ = false;
};

}  // namespace supervise
