// A small interpreter for classic BPF seccomp programs, so tests and
// fuzzers can check what a compiled filter decides for each syscall
// without loading it into the kernel.
#pragma once

#include <linux/filter.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace sandbox {

struct SyscallQuery {
  int number = 0;
  uint32_t arch = 0;
  uint64_t instruction_pointer = 0;
  uint64_t args[6] = {};
};

// The SECCOMP_RET_* value the program returns, or nullopt if the program
// is malformed (out-of-range jump or load, no return).
std::optional<uint32_t> EvaluateFilter(
    const std::vector<struct sock_filter>& program, const SyscallQuery& query);

}  // namespace sandbox
