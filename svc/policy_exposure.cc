#include "svc/policy_exposure.h"

#include <cap-ng.h>
#include <sys/resource.h>

#include <cstdio>

namespace svc {

namespace {

std::string CapabilityList(const std::vector<int>& capabilities) {
  if (capabilities.empty()) return "none";
  std::string list;
  for (int capability : capabilities) {
    if (!list.empty()) list += ",";
    const char* name =
        capng_capability_to_name(static_cast<unsigned int>(capability));
    list += name != nullptr ? name : std::to_string(capability);
  }
  return list;
}

std::string ResourceName(int resource) {
  switch (resource) {
    case RLIMIT_AS:
      return "as";
    case RLIMIT_CORE:
      return "core";
    case RLIMIT_CPU:
      return "cpu";
    case RLIMIT_DATA:
      return "data";
    case RLIMIT_FSIZE:
      return "fsize";
    case RLIMIT_MEMLOCK:
      return "memlock";
    case RLIMIT_NOFILE:
      return "nofile";
    case RLIMIT_NPROC:
      return "nproc";
    case RLIMIT_STACK:
      return "stack";
    default:
      return std::to_string(resource);
  }
}

std::string LimitText(uint64_t value) {
  return value == RLIM_INFINITY ? "unlimited" : std::to_string(value);
}

std::string SeccompText(const sandbox::SeccompPolicy& seccomp) {
  if (seccomp.mode == sandbox::SeccompMode::kNone) return "none";
  std::string text =
      seccomp.mode == sandbox::SeccompMode::kAllow ? "allow " : "deny ";
  text += std::to_string(seccomp.syscalls.size());
  text += seccomp.action.kind == sandbox::SeccompAction::kKill
              ? " (kill)"
              : " (errno " + std::to_string(seccomp.action.error_number) + ")";
  return text;
}

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
        CapabilityList(*policy.capabilities)));
  }
  rows.push_back(policy.EffectiveNoNewPrivs()
                     ? Row("no_new_privs", Protection::kOn, "set")
                     : Row("no_new_privs", Protection::kOff,
                           "setuid programs can gain privileges"));
  switch (policy.seccomp.mode) {
    case sandbox::SeccompMode::kAllow:
      rows.push_back(Row("seccomp", Protection::kOn,
                         "allow-list: " + SeccompText(policy.seccomp)));
      break;
    case sandbox::SeccompMode::kDeny:
      rows.push_back(Row("seccomp", Protection::kPartial,
                         "deny-list: " + SeccompText(policy.seccomp)));
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

std::string PolicySummary(const sandbox::ResolvedPolicy& resolved) {
  const sandbox::Policy& policy = resolved.policy;
  std::string line = "user " + (resolved.uid ? std::to_string(*resolved.uid)
                                             : std::string("unchanged"));
  line += " group " + (resolved.gid ? std::to_string(*resolved.gid)
                                    : std::string("unchanged"));
  if (resolved.set_groups) {
    line += " groups ";
    if (resolved.groups.empty()) line += "none";
    for (size_t i = 0; i < resolved.groups.size(); ++i) {
      if (i > 0) line += ",";
      line += std::to_string(resolved.groups[i]);
    }
  }
  // Without a list, an identity change drops them all; root keeps its own.
  bool drops = resolved.uid && *resolved.uid != 0;
  line += " caps " + (policy.capabilities ? CapabilityList(*policy.capabilities)
                      : drops             ? std::string("none")
                                          : std::string("unchanged"));
  line += std::string(" nnp ") + (policy.EffectiveNoNewPrivs() ? "yes" : "no");
  line += " seccomp " + SeccompText(policy.seccomp);
  if (!policy.rlimits.empty()) {
    line += " rlimits";
    for (const sandbox::RlimitSetting& limit : policy.rlimits) {
      line += " " + ResourceName(limit.resource) + "=" + LimitText(limit.soft) +
              ":" + LimitText(limit.hard);
    }
  }
  if (policy.umask) {
    char text[16];
    std::snprintf(text, sizeof(text), " umask %04o", *policy.umask);
    line += text;
  }
  if (resolved.control_gid) {
    line += " control_group " + std::to_string(*resolved.control_gid);
  }
  return line;
}

}  // namespace svc
