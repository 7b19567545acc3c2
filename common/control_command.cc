#include "common/control_command.h"

namespace common {

const CommandInfo* FindCommand(unsigned char byte) {
  for (const CommandInfo& info : kCommands) {
    if (static_cast<unsigned char>(info.letter) == byte) return &info;
  }
  return nullptr;
}

std::optional<Command> CommandFromByte(unsigned char byte) {
  const CommandInfo* info = FindCommand(byte);
  if (info == nullptr) return std::nullopt;
  return info->command;
}

int SignalOfCommand(Command command) {
  for (const CommandInfo& info : kCommands) {
    if (info.command == command) return info.signal;
  }
  return 0;
}

}  // namespace common
