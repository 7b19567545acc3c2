// Daemontools-style diagnostics on stderr, written with plain write(2): no
// iostreams, so per-service programs stay small and their startup lean.
//
// The one vocabulary for every program: set the name once at the top of
// main, then
//   DieSys(111, "unable to open ", dir)  -> "PROG: fatal: unable to open DIR: ERR"
//   DieFatal(111, "unknown account ", a) -> "PROG: fatal: unknown account A"
//   DieUsage(kUsage)                     -> the usage text as is, exit 100
//   WarnSys(...), Warn(...)              -> the same with "PROG: warning: "
// (ERR is common::ErrorText(errno), the 0.76 wording, never strerror.)
#pragma once

#include <initializer_list>
#include <string_view>

namespace common {

// Sets the name diagnostics start with. `name` must outlive the program (a
// literal); call once, first thing in main.
void SetProgramName(const char* name);
std::string_view ProgramName();

// Writes the concatenation of `parts` and a newline to `fd` in one write.
void WriteLine(int fd, std::initializer_list<std::string_view> parts);

// Writes all of `text` to `fd`, retrying after EINTR and short writes.
// Returns false (errno set) on failure.
bool WriteAll(int fd, std::string_view text);

// WriteLine to stderr, then _exit(code), with no program name: for the
// callers not yet converted to the vocabulary below.
[[noreturn]] void Die(int code, std::initializer_list<std::string_view> parts);

namespace diagnostics_internal {
inline constexpr std::string_view kFatal = "fatal: ";
inline constexpr std::string_view kWarning = "warning: ";
// "PROG: KIND" + what [+ ": " + ErrorText(error) when error >= 0].
void Report(std::string_view kind, std::initializer_list<std::string_view> what,
            int error);
[[noreturn]] void Exit(int code);
int SavedErrno();
}  // namespace diagnostics_internal

// "PROG: fatal: WHAT: ERRTEXT(errno)", then _exit(code).
template <typename... Parts>
[[noreturn]] void DieSys(int code, const Parts&... what) {
  int error = diagnostics_internal::SavedErrno();
  diagnostics_internal::Report(diagnostics_internal::kFatal,
                               {std::string_view(what)...}, error);
  diagnostics_internal::Exit(code);
}

// "PROG: fatal: WHAT", then _exit(code).
template <typename... Parts>
[[noreturn]] void DieFatal(int code, const Parts&... what) {
  diagnostics_internal::Report(diagnostics_internal::kFatal,
                               {std::string_view(what)...}, -1);
  diagnostics_internal::Exit(code);
}

// The usage text as is (0.76's usage lines differ in shape: "svc options:
// ...", "PROG: usage: ..."), then _exit(100).
template <typename... Parts>
[[noreturn]] void DieUsage(const Parts&... text) {
  WriteLine(2, {std::string_view(text)...});
  diagnostics_internal::Exit(100);
}

// "PROG: warning: WHAT: ERRTEXT(errno)"; errno is left as it was.
template <typename... Parts>
void WarnSys(const Parts&... what) {
  int error = diagnostics_internal::SavedErrno();
  diagnostics_internal::Report(diagnostics_internal::kWarning,
                               {std::string_view(what)...}, error);
}

// "PROG: warning: WHAT".
template <typename... Parts>
void Warn(const Parts&... what) {
  diagnostics_internal::Report(diagnostics_internal::kWarning,
                               {std::string_view(what)...}, -1);
}

}  // namespace common
