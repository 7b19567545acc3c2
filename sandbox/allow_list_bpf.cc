#include "sandbox/allow_list_bpf.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>

#include <algorithm>
#include <cstdint>

namespace sandbox {

std::vector<struct sock_filter> BuildAllowList(std::span<const int> allowed) {
  std::vector<int> numbers(allowed.begin(), allowed.end());
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  constexpr uint32_t kX32Bit = 0x40000000;
  std::vector<struct sock_filter> program = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, kX32Bit, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
  };
  // Each number is compared with an "allow" right behind it, so every
  // jump is 0 or 1 whatever the length of the list: BPF jump offsets are
  // 8 bits, and a list longer than 255 must not jump somewhere else.
  for (int number : numbers) {
    program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
                               static_cast<uint32_t>(number), 0, 1));
    program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  }
  program.push_back(BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  // Longer than the kernel loads: refused here, so the caller fails closed.
  if (program.size() > BPF_MAXINSNS) program.clear();
  return program;
}

}  // namespace sandbox
