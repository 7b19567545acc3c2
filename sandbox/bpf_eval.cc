#include "sandbox/bpf_eval.h"

#include <cstring>

namespace sandbox {

namespace {

// struct seccomp_data laid out as the kernel presents it to the filter.
void Serialise(const SyscallQuery& query, uint8_t out[64]) {
  std::memset(out, 0, 64);
  std::memcpy(out, &query.number, 4);
  std::memcpy(out + 4, &query.arch, 4);
  std::memcpy(out + 8, &query.instruction_pointer, 8);
  std::memcpy(out + 16, query.args, 48);
}

}  // namespace

std::optional<uint32_t> EvaluateFilter(
    const std::vector<struct sock_filter>& program, const SyscallQuery& query) {
  uint8_t data[64];
  Serialise(query, data);
  uint32_t a = 0, x = 0;
  uint32_t memory[BPF_MEMWORDS] = {};
  size_t pc = 0;
  // Classic BPF only jumps forward, so this terminates.
  while (pc < program.size()) {
    const struct sock_filter& op = program[pc];
    uint16_t code = op.code;
    switch (BPF_CLASS(code)) {
      case BPF_LD:
        if (code == (BPF_LD | BPF_W | BPF_ABS)) {
          if (op.k > 60 || op.k % 4 != 0) return std::nullopt;
          std::memcpy(&a, data + op.k, 4);
        } else if (code == (BPF_LD | BPF_IMM)) {
          a = op.k;
        } else if (code == (BPF_LD | BPF_MEM)) {
          if (op.k >= BPF_MEMWORDS) return std::nullopt;
          a = memory[op.k];
        } else if (code == (BPF_LD | BPF_W | BPF_LEN)) {
          a = 64;
        } else {
          return std::nullopt;
        }
        break;
      case BPF_LDX:
        if (code == (BPF_LDX | BPF_IMM)) {
          x = op.k;
        } else if (code == (BPF_LDX | BPF_MEM)) {
          if (op.k >= BPF_MEMWORDS) return std::nullopt;
          x = memory[op.k];
        } else {
          return std::nullopt;
        }
        break;
      case BPF_ST:
        if (op.k >= BPF_MEMWORDS) return std::nullopt;
        memory[op.k] = a;
        break;
      case BPF_STX:
        if (op.k >= BPF_MEMWORDS) return std::nullopt;
        memory[op.k] = x;
        break;
      case BPF_ALU: {
        uint32_t operand = BPF_SRC(code) == BPF_X ? x : op.k;
        switch (BPF_OP(code)) {
          case BPF_ADD:
            a += operand;
            break;
          case BPF_SUB:
            a -= operand;
            break;
          case BPF_MUL:
            a *= operand;
            break;
          case BPF_DIV:
            if (operand == 0) return std::nullopt;
            a /= operand;
            break;
          case BPF_AND:
            a &= operand;
            break;
          case BPF_OR:
            a |= operand;
            break;
          case BPF_LSH:
            a = operand < 32 ? a << operand : 0;
            break;
          case BPF_RSH:
            a = operand < 32 ? a >> operand : 0;
            break;
          case BPF_NEG:
            a = 0 - a;
            break;
          default:
            return std::nullopt;
        }
        break;
      }
      case BPF_JMP: {
        if (BPF_OP(code) == BPF_JA) {
          pc += op.k;
          break;
        }
        uint32_t operand = BPF_SRC(code) == BPF_X ? x : op.k;
        bool taken;
        switch (BPF_OP(code)) {
          case BPF_JEQ:
            taken = a == operand;
            break;
          case BPF_JGT:
            taken = a > operand;
            break;
          case BPF_JGE:
            taken = a >= operand;
            break;
          case BPF_JSET:
            taken = (a & operand) != 0;
            break;
          default:
            return std::nullopt;
        }
        pc += taken ? op.jt : op.jf;
        break;
      }
      case BPF_RET:
        return BPF_RVAL(code) == BPF_A ? a : op.k;
      case BPF_MISC:
        if (BPF_MISCOP(code) == BPF_TAX) {
          x = a;
        } else {
          a = x;
        }
        break;
      default:
        return std::nullopt;
    }
    ++pc;
  }
  return std::nullopt;
}

}  // namespace sandbox
