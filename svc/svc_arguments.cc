#include "svc/svc_arguments.h"

#include "common/control_command.h"
#include "common/option_parser.h"

namespace svc {

SvcArguments ParseSvcArguments(int argc, char* const* argv) {
  SvcArguments arguments;
  common::OptionParser parser(argc, argv, common::kControlLetters);
  for (;;) {
    common::OptionParser::Result result = parser.Next();
    if (result == common::OptionParser::kEnd) break;
    if (result == common::OptionParser::kError) {
      arguments.error = parser.error();
      return arguments;
    }
    if (arguments.commands.find(parser.letter()) == std::string::npos) {
      arguments.commands += parser.letter();
    }
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
