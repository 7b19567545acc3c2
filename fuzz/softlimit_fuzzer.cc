// softlimit's command line (NUL-separated argv): a usage error, or limits
// for known resources and a child to run.
#include <sys/resource.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "chain/softlimit_options.h"

#define CHECK(condition) \
  if (!(condition)) std::abort()

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> words = {"softlimit"};
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      words.push_back(current);
      current.clear();
    } else {
      current += static_cast<char>(data[i]);
    }
  }
  if (!current.empty()) words.push_back(current);
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(words.size());
  chain::SoftlimitArguments arguments =
      chain::ParseSoftlimitArguments(argc, argv.data());
  if (!arguments.ok) return 0;
  CHECK(arguments.child >= 1 && arguments.child < argc);
  for (const chain::SoftLimit& limit : arguments.limits) {
    CHECK(limit.resource >= 0 && limit.resource < RLIM_NLIMITS);
  }
  return 0;
}
