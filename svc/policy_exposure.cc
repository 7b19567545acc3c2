#include "svc/policy_exposure.h"

#include <cstdio>

#include "sandbox/policy_summary.h"

namespace svc {

namespace {

ExposureRow Row(const char* name, Protection state, std::string reason) {
  return ExposureRow{name, state, std::move(reason), true};
}

ExposureRow DelegationRow(const sandbox::ResolvedPolicy* resolved) {
  ExposureRow row =
      resolved != nullptr && resolved->control_gid
          ? Row("delegation", Protection::kPartial,
                "control group " + std::to_string(*resolved->control_gid))
          : Row("delegation", Protection::kOn, "root only");
  row.rated = false;
  return row;
}

}  // namespace

const char* ProtectionWord(Protection state) {
  switch (state) {
    case Protection::kOn:
      return "on";
    case Protection::kPartial:
      return "partial";
    case Protection::kOff:
      return "off";
  }
  return "off";
}

std::vector<ExposureRow> ExposureOf(const sandbox::ResolvedPolicy* resolved) {
  std::vector<ExposureRow> rows;
  if (resolved == nullptr) {
    for (const char* name : {"identity", "groups", "capabilities",
                             "no_new_privs", "seccomp", "rlimits", "umask"}) {
      rows.push_back(
          Row(name, Protection::kOff, "no policy: runs as supervise"));
    }
    rows.push_back(DelegationRow(nullptr));
    return rows;
  }
  const sandbox::Policy& policy = resolved->policy;
  bool root = !resolved->uid || *resolved->uid == 0;
  rows.push_back(root ? Row("identity", Protection::kOff,
                            "uid 0: owns its own directory and policy")
                      : Row("identity", Protection::kOn,
                            "uid " + std::to_string(*resolved->uid)));
  if (resolved->set_groups) {
    rows.push_back(
        Row("groups", Protection::kOn,
            resolved->groups.empty()
                ? "none"
                : std::to_string(resolved->groups.size()) + " listed"));
  } else {
    rows.push_back(Row("groups", Protection::kOff, "inherited"));
  }
  if (!policy.capabilities) {
    rows.push_back(Row("capabilities",
                       root ? Protection::kOff : Protection::kOn,
                       root ? "all of root's" : "none (identity change)"));
  } else {
    rows.push_back(Row(
        "capabilities",
        policy.capabilities->empty() ? Protection::kOn : Protection::kPartial,
        sandbox::CapabilityList(*policy.capabilities)));
  }
  rows.push_back(policy.EffectiveNoNewPrivs()
                     ? Row("no_new_privs", Protection::kOn, "set")
                     : Row("no_new_privs", Protection::kOff,
                           "setuid programs can gain privileges"));
  switch (policy.seccomp.mode) {
    case sandbox::SeccompMode::kAllow:
      rows.push_back(
          Row("seccomp", Protection::kOn,
              "allow-list: " + sandbox::SeccompText(policy.seccomp)));
      break;
    case sandbox::SeccompMode::kDeny:
      rows.push_back(Row("seccomp", Protection::kPartial,
                         "deny-list: " + sandbox::SeccompText(policy.seccomp)));
      break;
    case sandbox::SeccompMode::kNone:
      rows.push_back(Row("seccomp", Protection::kOff, "no filter of its own"));
      break;
  }
  rows.push_back(policy.rlimits.empty()
                     ? Row("rlimits", Protection::kOff, "inherited")
                     : Row("rlimits", Protection::kOn,
                           std::to_string(policy.rlimits.size()) + " set"));
  if (policy.umask) {
    char text[16];
    std::snprintf(text, sizeof(text), "%04o", *policy.umask);
    rows.push_back(Row(
        "umask",
        (*policy.umask & 022) == 022 ? Protection::kOn : Protection::kPartial,
        text));
  } else {
    rows.push_back(Row("umask", Protection::kOff, "inherited"));
  }
  rows.push_back(
      resolved->control_gid
          ? Row("delegation", Protection::kPartial,
                "control group " + std::to_string(*resolved->control_gid))
          : Row("delegation", Protection::kOn, "root only"));
  return rows;
}

Rating RateExposure(const std::vector<ExposureRow>& rows) {
  Rating rating;
  int score = 0;
  int max = 0;
  for (const ExposureRow& row : rows) {
    if (!row.rated) continue;
    max += 2;
    score += row.state == Protection::kOn        ? 2
             : row.state == Protection::kPartial ? 1
                                                 : 0;
  }
  if (max == 0) return rating;
  // One decimal, computed in tenths so the figure is exact.
  int tenths = (100 * (max - score) + max / 2) / max;
  rating.exposure = tenths / 10.0;
  rating.word = tenths < 30   ? "OK"
                : tenths < 60 ? "MEDIUM"
                : tenths < 90 ? "EXPOSED"
                              : "UNSAFE";
  return rating;
}

}  // namespace svc
