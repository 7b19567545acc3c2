// Named groups of system calls for seccomp policies, in the spirit of
// systemd's @system-service: "@file-system", "@network-io", ... Names are
// x86-64 syscall names as libseccomp knows them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

// The syscalls of a group ("@name"), or nullptr if there is no such group.
const std::vector<std::string_view>* SyscallGroup(std::string_view name);

// Every group name, for print_syscall_groups (the list in policy(5)).
std::vector<std::string_view> SyscallGroupNames();

// What any dynamically linked program needs to exec and start; always
// allowed by an allow-list, so a policy cannot forget it.
const std::vector<std::string_view>& ExecMinimum();

}  // namespace sandbox
