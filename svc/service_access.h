// How the clients (svc, svstat, svok) reach a service's supervise/ when
// they may be root on a tree other accounts can write: the service
// directory is the one the operator named (entered with chdir, as 0.76
// does), but supervise/ and every name in it are opened with the rules of
// common/safe_file.h: no link followed except a supervise/ link to a
// directory of the service directory's own owner, FIFOs and files checked
// by type, nothing that blocks.
#pragma once

#include <string>
#include <string_view>

#include "common/safe_file.h"

namespace svc {

// supervise/ of the current directory. A refusal reads e.g.
// "supervise/ writable by group or others".
common::CheckedFile OpenSupervise();

// Why opening failed, for the clients' messages: the daemontools error
// text, or "supervise/ ..." / "supervise/NAME ..." for our own refusals.
std::string FailureText(const common::CheckedFile& file, std::string_view name);

// The first line of supervise/NAME, at most `limit` bytes, with every byte
// a terminal could act on replaced; empty if the file is absent or is not
// a plain regular file of supervise/'s owner (or root).
std::string ReadFirstLine(const common::CheckedFile& supervise,
                          const char* name, size_t limit);

}  // namespace svc
