// What a service's policy protects, row by row, in the spirit of
// `systemd-analyze security`: for `svpolicy show` and `svstat -v`. Pure:
// it only reads a resolved policy (or its absence).
#pragma once

#include <string>
#include <vector>

#include "sandbox/identity.h"

namespace svc {

enum class Protection { kOn, kPartial, kOff };

struct ExposureRow {
  std::string name;  // "identity", "capabilities", ...
  Protection state = Protection::kOff;
  std::string reason;  // one short line
  // Delegation says who may control the service, not what confines it,
  // so it is shown but not rated.
  bool rated = true;
};

// One row per protection the policy format knows; `policy` null means the
// service has no policy (everything off).
std::vector<ExposureRow> ExposureOf(const sandbox::ResolvedPolicy* policy);

// 0.0 (everything on) to 10.0 (nothing on), and its word: "OK" below 3,
// "MEDIUM" below 6, "EXPOSED" below 9, else "UNSAFE".
struct Rating {
  double exposure = 10.0;
  const char* word = "UNSAFE";
};
Rating RateExposure(const std::vector<ExposureRow>& rows);

const char* ProtectionWord(Protection state);

}  // namespace svc
