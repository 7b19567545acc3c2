#include "common/safe_file.h"

#include <fcntl.h>
#include <unistd.h>

#include "common/error_text.h"

namespace common {

namespace {

const char* TypeProblem(const struct stat& info, FileType type) {
  switch (type) {
    case FileType::kRegular:
      return S_ISREG(info.st_mode) ? nullptr : "not a regular file";
    case FileType::kFifo:
      return S_ISFIFO(info.st_mode) ? nullptr : "not a FIFO";
    case FileType::kDirectory:
      return S_ISDIR(info.st_mode) ? nullptr : "not a directory";
  }
  return "unknown type";
}

CheckedFile Refuse(CheckedFile file, const char* refusal) {
  file.fd.Reset();
  file.refusal = refusal;
  return file;
}

}  // namespace

std::string_view CheckedFile::Reason() const {
  if (refusal != nullptr) return refusal;
  return ErrorText(error);
}

CheckedFile OpenChecked(int dir, const char* name, int flags, FileType type,
                        mode_t mode, bool single_link) {
  CheckedFile file;
  if (type == FileType::kDirectory) flags |= O_DIRECTORY;
  file.fd.Reset(
      openat(dir, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode));
  if (!file.fd.valid()) {
    // O_NOFOLLOW reports a link as ELOOP, O_DIRECTORY|O_NOFOLLOW as
    // ENOTDIR; say plainly what was refused.
    file.error = errno;
    struct stat link;
    if ((errno == ELOOP || errno == ENOTDIR) &&
        fstatat(dir, name, &link, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(link.st_mode)) {
      file.refusal = "symbolic link";
    }
    return file;
  }
  if (fstat(file.fd.get(), &file.info) != 0) {
    file.error = errno;
    file.fd.Reset();
    return file;
  }
  if (const char* problem = TypeProblem(file.info, type)) {
    return Refuse(std::move(file), problem);
  }
  if (single_link && type == FileType::kRegular && file.info.st_nlink > 1) {
    return Refuse(std::move(file), "more than one hard link");
  }
  return file;
}

const char* TrustProblem(const struct stat& info, uid_t owner) {
  if (info.st_uid != 0 && info.st_uid != owner) {
    return "owned by another account";
  }
  if ((info.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return "writable by group or others";
  }
  return nullptr;
}

CheckedFile OpenTrustedDirectory(int dir, const char* name, uid_t owner) {
  CheckedFile file = OpenChecked(dir, name, O_RDONLY, FileType::kDirectory);
  bool linked = file.refusal != nullptr && file.Reason() == "symbolic link";
  if (linked) {
    // Whatever the name is by now, the checks apply to what was opened.
    file = CheckedFile();
    file.fd.Reset(openat(dir, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!file.fd.valid() || fstat(file.fd.get(), &file.info) != 0) {
      file.error = errno;
      file.fd.Reset();
      return file;
    }
    if (file.info.st_uid != owner) {
      return Refuse(std::move(file),
                    "linked to a directory of another account");
    }
  }
  if (!file.ok()) return file;
  if (const char* problem = TrustProblem(file.info, owner)) {
    return Refuse(std::move(file), problem);
  }
  return file;
}

bool ReadUpTo(int fd, size_t limit, std::string* out) {
  out->resize(limit);
  size_t have = 0;
  while (have < limit) {
    ssize_t got = read(fd, out->data() + have, limit - have);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      out->clear();
      return false;
    }
    if (got == 0) break;
    have += static_cast<size_t>(got);
  }
  out->resize(have);
  return true;
}

bool ReplaceFile(int dir, const char* name, const char* temporary,
                 std::string_view bytes, mode_t mode, bool durable,
                 const char** failed_step) {
  const char* unused;
  const char*& step = failed_step != nullptr ? *failed_step : unused;
  // A stale or planted temporary name goes first; O_EXCL then guarantees
  // the file written is one we created, not something reached by a link.
  unlinkat(dir, temporary, 0);
  step = "open";
  UniqueFd fd(openat(
      dir, temporary,
      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode));
  if (!fd.valid()) return false;
  bool written = false;
  size_t done = 0;
  step = "write";
  while (done < bytes.size()) {
    ssize_t wrote = write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      if (wrote == 0) errno = EIO;
      break;
    }
    done += static_cast<size_t>(wrote);
  }
  written = done == bytes.size();
  // The umask may have narrowed the mode given to open; fchmod only then,
  // so that a caller whose umask gives the mode needs no fchmod at all
  // (supervise's monitor may not chmod).
  struct stat info;
  if (written &&
      (fstat(fd.get(), &info) != 0 ||
       ((info.st_mode & 07777) != mode && fchmod(fd.get(), mode) != 0))) {
    written = false;
  }
  if (written && durable) {
    step = "sync";
    written = fsync(fd.get()) == 0;
  }
  if (!written) {
    int saved = errno;
    unlinkat(dir, temporary, 0);
    errno = saved;
    return false;
  }
  fd.Reset();
  step = "rename";
  if (renameat(dir, temporary, dir, name) != 0) {
    int saved = errno;
    unlinkat(dir, temporary, 0);
    errno = saved;
    return false;
  }
  return true;
}

bool SetAccess(int fd, std::optional<uid_t> owner, std::optional<gid_t> gid,
               mode_t mode) {
  struct stat info;
  if (fstat(fd, &info) != 0) return false;
  bool owner_differs = owner && info.st_uid != *owner;
  bool group_differs = gid && info.st_gid != *gid;
  if ((owner_differs || group_differs) &&
      fchown(fd, owner_differs ? *owner : static_cast<uid_t>(-1),
             group_differs ? *gid : static_cast<gid_t>(-1)) != 0) {
    return false;
  }
  return fchmod(fd, mode) == 0;
}

std::string Printable(std::string_view text, size_t limit) {
  std::string out(text.substr(0, limit));
  for (char& c : out) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7e) c = '?';
  }
  return out;
}

}  // namespace common
