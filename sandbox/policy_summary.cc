#include "sandbox/policy_summary.h"

#include <cap-ng.h>
#include <sys/resource.h>

#include <cstdio>

namespace sandbox {

namespace {

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

}  // namespace

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

std::string PolicySummary(const ResolvedPolicy& resolved) {
  const Policy& policy = resolved.policy;
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
    for (const RlimitSetting& limit : policy.rlimits) {
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

}  // namespace sandbox
