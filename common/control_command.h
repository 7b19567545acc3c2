// The control bytes written into supervise/control, as one table: the 0.76
// set u d o x p c h a i t k, then q 1 2 w, the later runit/encore/s6
// extensions. supervise's reaction, svc's options and usage line, and the
// manual (through man/print_control_commands) are all read from kCommands.
#pragma once

#include <array>
#include <csignal>
#include <cstddef>
#include <optional>
#include <string_view>

namespace common {

enum class Command {
  kUp,
  kDown,
  kOnce,
  kPause,
  kContinue,
  kHangup,
  kAlarm,
  kInterrupt,
  kTerminate,
  kKill,
  kExit,
  kQuit,
  kUser1,
  kUser2,
  kWinch,
};

struct CommandInfo {
  char letter;
  Command command;
  // What a pure signalling command sends to ./run; 0 for the commands that
  // change supervise's state (u d o x p c: p and c also send STOP and CONT,
  // but as part of setting or clearing "paused").
  int signal;
  // Text inline rather than pointers: a table of pointers is relocated
  // (written) at start in every static-pie process that links it.
  char usage[12];    // its word in svc's usage line
  char meaning[80];  // one line for the manual
  bool extension;    // not in daemontools 0.76
};

// In the order of svc's usage line, which is 0.76's (x after o).
inline constexpr CommandInfo kCommands[] = {
    {'u', Command::kUp, 0, "up",
     "Up: start ./run if it is not running, and restart it whenever it exits.",
     false},
    {'d', Command::kDown, 0, "down",
     "Down: send ./run TERM, then CONT, and do not restart it.", false},
    {'o', Command::kOnce, 0, "once",
     "Once: start ./run if it is not running, but do not restart it.", false},
    {'x', Command::kExit, 0, "exit",
     "Exit: supervise exits as soon as the service is down.", false},
    {'p', Command::kPause, 0, "pause", "Pause: send ./run STOP.", false},
    {'c', Command::kContinue, 0, "continue", "Continue: send ./run CONT.",
     false},
    {'h', Command::kHangup, SIGHUP, "hup", "Hangup: send ./run HUP.", false},
    {'a', Command::kAlarm, SIGALRM, "alarm", "Alarm: send ./run ALRM.", false},
    {'i', Command::kInterrupt, SIGINT, "interrupt",
     "Interrupt: send ./run INT.", false},
    {'t', Command::kTerminate, SIGTERM, "term", "Terminate: send ./run TERM.",
     false},
    {'k', Command::kKill, SIGKILL, "kill", "Kill: send ./run KILL.", false},
    {'q', Command::kQuit, SIGQUIT, "quit", "Quit: send ./run QUIT.", true},
    {'1', Command::kUser1, SIGUSR1, "usr1", "User 1: send ./run USR1.", true},
    {'2', Command::kUser2, SIGUSR2, "usr2", "User 2: send ./run USR2.", true},
    {'w', Command::kWinch, SIGWINCH, "winch",
     "Window change: send ./run WINCH.", true},
};

namespace control_command_internal {
constexpr std::array<char, std::size(kCommands)> Letters() {
  std::array<char, std::size(kCommands)> letters{};
  for (std::size_t i = 0; i < letters.size(); ++i) {
    letters[i] = kCommands[i].letter;
  }
  return letters;
}
inline constexpr std::array<char, std::size(kCommands)> kLetters = Letters();
}  // namespace control_command_internal

// Every byte supervise acts on, in the table's order.
inline constexpr std::string_view kControlLetters(
    control_command_internal::kLetters.data(),
    control_command_internal::kLetters.size());

// The row of `byte`, or null when supervise ignores it.
const CommandInfo* FindCommand(unsigned char byte);

std::optional<Command> CommandFromByte(unsigned char byte);

// The row's signal (see CommandInfo::signal).
int SignalOfCommand(Command command);

}  // namespace common
