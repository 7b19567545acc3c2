// softlimit's command line (NUL-separated argv): a usage error, or limits
// for known resources and a child to run.
#include <sys/resource.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "chain/softlimit_options.h"
#include "fuzz/argv_from_bytes.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::ArgvFromBytes command("softlimit", data, size);
  int argc = command.argc();
  chain::SoftlimitArguments arguments =
      chain::ParseSoftlimitArguments(argc, command.argv());
  if (!arguments.ok) return 0;
  CHECK(arguments.child >= 1 && arguments.child < argc);
  for (const chain::SoftLimit& limit : arguments.limits) {
    CHECK(limit.resource >= 0 && limit.resource < RLIM_NLIMITS);
  }
  return 0;
}
