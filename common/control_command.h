// The control bytes written into supervise/control. The 0.76 set is
// u d o p c h a i t k x; q 1 2 w are the later runit/encore/s6 extensions.
#pragma once

#include <optional>
#include <string_view>

namespace common {

enum class Command {
  kUp,         // u
  kDown,       // d
  kOnce,       // o
  kPause,      // p
  kContinue,   // c
  kHangup,     // h
  kAlarm,      // a
  kInterrupt,  // i
  kTerminate,  // t
  kKill,       // k
  kExit,       // x
  kQuit,       // q
  kUser1,      // 1
  kUser2,      // 2
  kWinch,      // w
};

// Every byte supervise acts on, in svc's documented order.
inline constexpr std::string_view kControlLetters = "udopchaitkxq12w";

std::optional<Command> CommandFromByte(unsigned char byte);

// The signal a pure signalling command sends to ./run, or 0 for commands
// that change supervise's state (u d o p c x).
int SignalOfCommand(Command command);

}  // namespace common
