#include "common/error_text.h"

#include <cerrno>

namespace common {

std::string_view ErrorText(int error_number) {
  switch (error_number) {
    case 0:
      return "no error";
    case EINTR:
      return "interrupted system call";
    case ENOMEM:
      return "out of memory";
    case ENOENT:
      return "file does not exist";
    case ETXTBSY:
      return "text busy";
    case EIO:
      return "input/output error";
    case EEXIST:
      return "file already exists";
    case ETIMEDOUT:
      return "timed out";
    case EINPROGRESS:
      return "operation in progress";
    case EAGAIN:
      return "temporary failure";
    case EPIPE:
      return "broken pipe";
    case EPERM:
      return "permission denied";
    case EACCES:
      return "access denied";
    case ENXIO:
      return "device not configured";
    case EPROTO:
      return "protocol error";
    case EISDIR:
      return "is a directory";
    case ESPIPE:
      return "unseekable descriptor";
    case EBADF:
      return "file descriptor not open";
    case EINVAL:
      return "invalid argument";
    case ENOTDIR:
      return "not a directory";
    case ECHILD:
      return "no child processes";
    case ESRCH:
      return "no such process";
    case ENAMETOOLONG:
      return "file name too long";
    case EFAULT:
      return "bad address";
    case E2BIG:
      return "argument list too long";
    case ENOEXEC:
      return "exec format error";
    case ENODEV:
      return "device does not support operation";
    case EMFILE:
      return "process cannot open more files";
    case ENFILE:
      return "system cannot open more files";
    case ENOTTY:
      return "not a tty";
    case EFBIG:
      return "file too big";
    case ENOSPC:
      return "out of disk space";
    case EROFS:
      return "read-only file system";
    case EMLINK:
      return "too many links";
    case EDOM:
      return "input out of range";
    case ERANGE:
      return "output out of range";
    case EDEADLK:
      return "operation would cause deadlock";
    case ENOLCK:
      return "no locks available";
    case ENOSYS:
      return "system call not available";
    case ELOOP:
      return "symbolic link loop";
    case ENOTEMPTY:
      return "directory not empty";
    case EBUSY:
      return "device busy";
    case EXDEV:
      return "cross-device link";
    case ECONNREFUSED:
      return "connection refused";
    case ECONNRESET:
      return "connection reset";
    case EHOSTUNREACH:
      return "host unreachable";
    case ENETUNREACH:
      return "network unreachable";
    case EADDRINUSE:
      return "address already used";
    case EADDRNOTAVAIL:
      return "address not available";
    case ENOTSOCK:
      return "not a socket";
    case EDQUOT:
      return "disk quota exceeded";
    case ESTALE:
      return "stale NFS file handle";
    default:
      return "unknown error";
  }
}

}  // namespace common
