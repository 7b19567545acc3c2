// Daemontools-style diagnostics on stderr ("PROG: fatal: TEXT: ERR"),
// written with plain write(2): no iostreams, so per-service programs stay
// small and their startup lean.
#pragma once

#include <initializer_list>
#include <string_view>

namespace common {

// Writes the concatenation of `parts` and a newline to `fd` in one write.
void WriteLine(int fd, std::initializer_list<std::string_view> parts);

// Writes all of `text` to `fd`, retrying after EINTR and short writes.
// Returns false (errno set) on failure.
bool WriteAll(int fd, std::string_view text);

// WriteLine to stderr, then _exit(code). Used for fatal errors and usage.
[[noreturn]] void Die(int code, std::initializer_list<std::string_view> parts);

}  // namespace common
