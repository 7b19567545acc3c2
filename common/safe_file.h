// The one way every program of the suite opens, creates, replaces,
// chmods or chowns a name inside a service, supervise/, log or scan
// directory. Such directories may be writable by other accounts, so every
// name in them is treated as hostile: it is resolved relative to a
// directory descriptor, a symbolic link at the last component is never
// followed, nothing blocks on a FIFO, the type is checked with fstat after
// the open, and files are replaced by writing a fresh temporary name and
// renaming it over the old one. Permissions are only ever changed through
// a descriptor.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <optional>
#include <string>
#include <string_view>

#include "common/unique_fd.h"

namespace common {

enum class FileType { kRegular, kFifo, kDirectory };

// The outcome of a checked open: a descriptor and what fstat said of it,
// or why there is none (a system error, or a refusal of ours such as
// "not a FIFO").
struct CheckedFile {
  UniqueFd fd;
  struct stat info {};
  int error = 0;                  // errno, when the system refused
  const char* refusal = nullptr;  // our own reason, when we refused

  bool ok() const { return fd.valid(); }
  bool missing() const {
    return !ok() && refusal == nullptr && error == ENOENT;
  }
  // "not a FIFO", "symbolic link", or the daemontools text for the errno.
  std::string_view Reason() const;
};

// Opens `name` relative to `dir` (a descriptor, or AT_FDCWD) with `flags`
// plus O_NOFOLLOW, O_NONBLOCK and O_CLOEXEC, and refuses anything that is
// not of `type`. A symbolic link is refused as "symbolic link". `mode` is
// used with O_CREAT. For a regular file of a directory another account
// may write (`single_link`), a file with more than one hard link is
// refused too: it may be a link to a file the writer could not open.
CheckedFile OpenChecked(int dir, const char* name, int flags, FileType type,
                        mode_t mode = 0, bool single_link = false);

// A directory named by `name` in `dir` that a privileged process will
// trust: owned by root or by `owner` and writable by neither group nor
// others. It may be reached through a symbolic link (read-only service
// trees point supervise/ elsewhere), but then only to a directory owned
// by `owner` itself, so that a link in one account's tree cannot lead a
// root tool into another account's (or root's) directory.
CheckedFile OpenTrustedDirectory(int dir, const char* name, uid_t owner);

// nullptr when `info` is owned by root or by `owner` and is not writable
// by group or others; otherwise the reason ("owned by another account",
// "writable by group or others").
const char* TrustProblem(const struct stat& info, uid_t owner);

// Reads up to `limit` bytes from the current offset of `fd` into `out`
// (replacing its contents). Returns false (errno set) on a read error.
bool ReadUpTo(int fd, size_t limit, std::string* out);

// Replaces `name` in `dir` with `bytes` so that a reader sees the old or
// the new contents, never a mixture: writes `temporary` (created afresh
// with O_EXCL and O_NOFOLLOW after removing whatever had that name), sets
// its mode through the descriptor, syncs it if `durable`, then renames it
// over `name`. Returns false with errno set on failure; `failed_step` then
// says which step ("open", "write", "sync", "rename").
bool ReplaceFile(int dir, const char* name, const char* temporary,
                 std::string_view bytes, mode_t mode, bool durable,
                 const char** failed_step = nullptr);

// Gives the file open as `fd` the owner `owner` and the group `gid`
// (nullopt: that id stays as it is), then `mode`, all through the
// descriptor (a control-group grant, or taking one back). The mode is set
// after the chown, which may have cleared the setgid bit.
bool SetAccess(int fd, std::optional<uid_t> owner, std::optional<gid_t> gid,
               mode_t mode);

// Printable for a terminal: bytes outside 0x20..0x7e become '?', and at
// most `limit` bytes are kept. For text read from a file another account
// may have written.
std::string Printable(std::string_view text, size_t limit);

}  // namespace common
