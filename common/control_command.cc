#include "common/control_command.h"

#include <csignal>

namespace common {

std::optional<Command> CommandFromByte(unsigned char byte) {
  switch (byte) {
    case 'u':
      return Command::kUp;
    case 'd':
      return Command::kDown;
    case 'o':
      return Command::kOnce;
    case 'p':
      return Command::kPause;
    case 'c':
      return Command::kContinue;
    case 'h':
      return Command::kHangup;
    case 'a':
      return Command::kAlarm;
    case 'i':
      return Command::kInterrupt;
    case 't':
      return Command::kTerminate;
    case 'k':
      return Command::kKill;
    case 'x':
      return Command::kExit;
    case 'q':
      return Command::kQuit;
    case '1':
      return Command::kUser1;
    case '2':
      return Command::kUser2;
    case 'w':
      return Command::kWinch;
    default:
      return std::nullopt;
  }
}

int SignalOfCommand(Command command) {
  switch (command) {
    case Command::kHangup:
      return SIGHUP;
    case Command::kAlarm:
      return SIGALRM;
    case Command::kInterrupt:
      return SIGINT;
    case Command::kTerminate:
      return SIGTERM;
    case Command::kKill:
      return SIGKILL;
    case Command::kQuit:
      return SIGQUIT;
    case Command::kUser1:
      return SIGUSR1;
    case Command::kUser2:
      return SIGUSR2;
    case Command::kWinch:
      return SIGWINCH;
    default:
      return 0;
  }
}

}  // namespace common
