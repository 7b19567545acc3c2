// softlimit's command line: which soft limits to set, in order.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace chain {

struct SoftLimit {
  int resource = 0;
  bool to_hard = false;  // "=": soft limit = hard limit
  unsigned long long value = 0;
  friend bool operator==(const SoftLimit&, const SoftLimit&) = default;
};

struct SoftlimitArguments {
  bool ok = false;
  std::string error;  // an "illegal option" line, if that was the problem
  std::vector<SoftLimit> limits;
  int child = 0;  // argv index of the program to run
};

inline constexpr char kSoftlimitUsage[] =
    "softlimit: usage: softlimit [-a allbytes] [-c corebytes] [-d databytes] "
    "[-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] "
    "[-p processes] [-r residentbytes] [-s stackbytes] [-t cpusecs] child";

// A value: decimal digits, or "=". Anything else is a usage error.
std::optional<SoftLimit> ParseLimitValue(const std::string& text);

SoftlimitArguments ParseSoftlimitArguments(int argc, char* const* argv);

}  // namespace chain
