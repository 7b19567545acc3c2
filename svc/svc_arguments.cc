#include "svc/svc_arguments.h"

#include "common/control_command.h"
#include "common/option_parser.h"

namespace svc {

SvcArguments ParseSvcArguments(int argc, char* const* argv) {
  SvcArguments arguments;
  common::OptionParser parser(argc, argv, common::kControlLetters);
  bool ended = parser.ForEach([&](char letter, const char*) {
    if (arguments.commands.find(letter) == std::string::npos) {
      arguments.commands += letter;
    }
    return true;
  });
  if (!ended) {
    arguments.error = parser.error();
    return arguments;
  }
  arguments.ok = true;
  arguments.first_dir = parser.operand_index();
  return arguments;
}

std::string SvcUsage() {
  std::string usage = "svc options:";
  for (const common::CommandInfo& info : common::kCommands) {
    if (&info != common::kCommands) usage += ',';
    usage += ' ';
    usage += info.letter;
    usage += ' ';
    usage += info.usage;
  }
  return usage;
}

}  // namespace svc
