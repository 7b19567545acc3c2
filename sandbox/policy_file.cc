#include "sandbox/policy_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/error_text.h"
#include "common/unique_fd.h"

namespace sandbox {

namespace {

constexpr size_t kMaxPolicySize = 64 * 1024;

}  // namespace

PolicyFileState LoadPolicyFile(const std::string& path,
                               ResolvedPolicy* resolved, std::string* error,
                               std::string* text_out) {
  common::UniqueFd fd(
      open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return PolicyFileState::kAbsent;
    *error = path + ": cannot open: " + std::string(common::ErrorText(errno));
    return PolicyFileState::kRefused;
  }
  struct stat info;
  if (fstat(fd.get(), &info) != 0) {
    *error = path + ": cannot stat: " + std::string(common::ErrorText(errno));
    return PolicyFileState::kRefused;
  }
  if (!S_ISREG(info.st_mode)) {
    *error = path + ": not a regular file";
    return PolicyFileState::kRefused;
  }
  if (info.st_uid != 0 && info.st_uid != geteuid()) {
    *error = path + ": not owned by root";
    return PolicyFileState::kRefused;
  }
  if (info.st_mode & (S_IWGRP | S_IWOTH)) {
    *error = path + ": writable by group or others";
    return PolicyFileState::kRefused;
  }
  if (static_cast<size_t>(info.st_size) > kMaxPolicySize) {
    *error = path + ": larger than 64 KiB";
    return PolicyFileState::kRefused;
  }
  std::string text;
  char buffer[4096];
  for (;;) {
    ssize_t got = read(fd.get(), buffer, sizeof(buffer));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      *error = path + ": cannot read: " + std::string(common::ErrorText(errno));
      return PolicyFileState::kRefused;
    }
    if (got == 0) break;
    text.append(buffer, static_cast<size_t>(got));
    if (text.size() > kMaxPolicySize) {
      *error = path + ": larger than 64 KiB";
      return PolicyFileState::kRefused;
    }
  }
  ParseResult parsed = ParsePolicy(text);
  if (!parsed.value) {
    *error = path + ": " + parsed.error;
    return PolicyFileState::kRefused;
  }
  std::string resolve_error;
  if (!ResolvePolicy(*parsed.value, resolved, &resolve_error)) {
    *error = path + ": " + resolve_error;
    return PolicyFileState::kRefused;
  }
  if (text_out != nullptr) *text_out = std::move(text);
  return PolicyFileState::kLoaded;
}

}  // namespace sandbox
