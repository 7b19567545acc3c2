#include "chain/softlimit_options.h"

#include <sys/resource.h>

#include "common/option_parser.h"

namespace chain {

namespace {

std::vector<int> ResourcesOf(char letter) {
  switch (letter) {
    case 'a':
      return {RLIMIT_AS};
    case 'c':
      return {RLIMIT_CORE};
    case 'd':
      return {RLIMIT_DATA};
    case 'f':
      return {RLIMIT_FSIZE};
    case 'l':
      return {RLIMIT_MEMLOCK};
    case 'm':
      return {RLIMIT_DATA, RLIMIT_STACK, RLIMIT_MEMLOCK, RLIMIT_AS};
    case 'o':
      return {RLIMIT_NOFILE};
    case 'p':
      return {RLIMIT_NPROC};
    case 'r':
      return {RLIMIT_RSS};
    case 's':
      return {RLIMIT_STACK};
    case 't':
      return {RLIMIT_CPU};
    default:
      return {};
  }
}

}  // namespace

std::optional<SoftLimit> ParseLimitValue(const std::string& text) {
  SoftLimit limit;
  if (text == "=") {
    limit.to_hard = true;
    return limit;
  }
  if (text.empty() || text.size() > 19) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    limit.value = limit.value * 10 + static_cast<unsigned long long>(c - '0');
  }
  return limit;
}

SoftlimitArguments ParseSoftlimitArguments(int argc, char* const* argv) {
  SoftlimitArguments arguments;
  common::OptionParser parser(argc, argv, "a:c:d:f:l:m:o:p:r:s:t:");
  // A bad value stops with error() empty: softlimit then prints only its
  // usage line.
  bool ended = parser.ForEach([&](char letter, const char* text) {
    std::optional<SoftLimit> value = ParseLimitValue(text);
    if (!value) return false;
    for (int resource : ResourcesOf(letter)) {
      SoftLimit limit = *value;
      limit.resource = resource;
      arguments.limits.push_back(limit);
    }
    return true;
  });
  if (!ended) {
    arguments.error = parser.error();
    return arguments;
  }
  arguments.child = parser.operand_index();
  arguments.ok = arguments.child < argc;
  return arguments;
}

}  // namespace chain
