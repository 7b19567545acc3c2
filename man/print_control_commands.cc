// Prints common::kCommands, one row per line, fields separated by tabs:
// LETTER, svc's usage word, 0.76 or extension, the meaning. The manual's
// svc(8) and supervise(8) are generated from this output, so the pages list
// exactly the commands the programs know.
#include <string>

#include "common/control_command.h"
#include "common/diagnostics.h"

int main() {
  std::string text;
  for (const common::CommandInfo& info : common::kCommands) {
    text += info.letter;
    text += '\t';
    text += info.usage;
    text += info.extension ? "\textension\t" : "\t0.76\t";
    text += info.meaning;
    text += '\n';
  }
  return common::WriteAll(1, text) ? 0 : 111;
}
