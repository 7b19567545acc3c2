// svc's command line: the input is split at NUL bytes into argv. Parsing
// never fails oddly: either an "illegal option" message, or commands that
// are distinct control letters in first-seen order.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/control_command.h"
#include "common/option_parser.h"
#include "fuzz/argv_from_bytes.h"
#include "svc/svc_arguments.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ArgvFromBytes command("svc", data, size);
  int argc = command.argc();
  svc::SvcArguments arguments = svc::ParseSvcArguments(argc, command.argv());
  if (!arguments.ok) {
    CHECK(arguments.error.rfind("svc: illegal option -- ", 0) == 0);
    return 0;
  }
  CHECK(arguments.first_dir >= 1 && arguments.first_dir <= argc);
  for (size_t i = 0; i < arguments.commands.size(); ++i) {
    CHECK(common::CommandFromByte(
        static_cast<unsigned char>(arguments.commands[i])));
    CHECK(arguments.commands.find(arguments.commands[i]) == i);
  }
  // The generic parser with options that take values (softlimit's shape).
  common::OptionParser parser(argc, command.argv(), "a:c:d:m:o:p:nNxX");
  for (int steps = 0; steps < 1000; ++steps) {
    common::OptionParser::Result result = parser.Next();
    if (result == common::OptionParser::kEnd) {
      CHECK(parser.operand_index() <= argc);
      break;
    }
    if (result == common::OptionParser::kError) break;
    CHECK(parser.letter() != 0);
  }
  return 0;
}
