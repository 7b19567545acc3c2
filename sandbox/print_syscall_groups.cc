// Prints every syscall group, one per line: "@name member member ...".
// The manual's policy(5) is generated from this output, so the page lists
// exactly the table the programs use.
#include <unistd.h>

#include <string>

#include "common/diagnostics.h"
#include "sandbox/syscall_groups.h"

int main() {
  std::string text;
  for (std::string_view name : sandbox::SyscallGroupNames()) {
    text += name;
    for (std::string_view member : *sandbox::SyscallGroup(name)) {
      text += ' ';
      text += member;
    }
    text += '\n';
  }
  return common::WriteAll(1, text) ? 0 : 111;
}
