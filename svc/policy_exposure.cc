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

// One row per key of issue 20's deeper confinement.
void DeepRows(const sandbox::ResolvedPolicy& resolved, bool root,
              std::vector<ExposureRow>* rows) {
  const sandbox::Policy& policy = resolved.policy;
  const sandbox::FilesystemPolicy& fs = policy.filesystem;
  using sandbox::ProtectHome;
  using sandbox::ProtectSystem;
  bool some_paths = !fs.read_only.empty() || !fs.inaccessible.empty();
  switch (fs.protect_system) {
    case ProtectSystem::kStrict:
      rows->push_back(Row("filesystem", Protection::kOn,
                          "strict: read-only but " +
                              std::to_string(fs.writable.size()) +
                              " writable paths"));
      break;
    case ProtectSystem::kFull:
    case ProtectSystem::kYes:
      rows->push_back(Row("filesystem", Protection::kPartial,
                          fs.protect_system == ProtectSystem::kFull
                              ? "/usr, /boot, /etc read-only"
                              : "/usr, /boot read-only"));
      break;
    case ProtectSystem::kNo:
      rows->push_back(
          some_paths
              ? Row("filesystem", Protection::kPartial, "listed paths only")
              : Row("filesystem", Protection::kOff, "the host's view"));
      break;
  }
  if (policy.NeedsMountNamespace() &&
      !fs.service_dir_writable.value_or(false)) {
    rows->push_back(Row("service_dir", Protection::kOn, "read-only"));
  } else {
    rows->push_back(root ? Row("service_dir", Protection::kOff,
                               "uid 0 can rewrite ./run and policy")
                         : Row("service_dir", Protection::kPartial,
                               "writable if its user may write"));
  }
  rows->push_back(
      fs.private_tmp ? Row("private_tmp", Protection::kOn, "own /tmp, /var/tmp")
                     : Row("private_tmp", Protection::kOff, "shared /tmp"));
  rows->push_back(fs.protect_home == ProtectHome::kYes
                      ? Row("protect_home", Protection::kOn, "inaccessible")
                  : fs.protect_home == ProtectHome::kReadOnly
                      ? Row("protect_home", Protection::kPartial, "read-only")
                      : Row("protect_home", Protection::kOff,
                            "/home, /root as the host's"));
  const sandbox::LandlockPolicy& landlock = policy.landlock;
  size_t rules =
      landlock.read.size() + landlock.write.size() + landlock.execute.size();
  rows->push_back(!landlock.Any()
                      ? Row("landlock", Protection::kOff, "no rules")
                  : landlock.best_effort
                      ? Row("landlock", Protection::kPartial,
                            std::to_string(rules) + " rules, best effort")
                      : Row("landlock", Protection::kOn,
                            std::to_string(rules) + " rules, enforced"));
  const sandbox::NamespacePolicy& spaces = policy.namespaces;
  rows->push_back(spaces.network
                      ? Row("network", Protection::kOn, "private: only lo")
                      : Row("network", Protection::kOff, "the host's"));
  rows->push_back(spaces.ipc ? Row("ipc", Protection::kOn, "private")
                             : Row("ipc", Protection::kOff, "the host's"));
  rows->push_back(
      spaces.hostname
          ? Row("uts", Protection::kOn, "host name " + *spaces.hostname)
          : Row("uts", Protection::kOff, "the host's name"));
  const sandbox::CgroupPolicy& cgroup = policy.cgroup;
  if (!cgroup.enabled.value_or(true)) {
    rows->push_back(
        Row("cgroup", Protection::kOff, "none: leftovers outlive ./run"));
  } else if (cgroup.kill_mode == sandbox::KillMode::kProcess) {
    rows->push_back(
        Row("cgroup", Protection::kPartial, "own group, kill_mode process"));
  } else {
    rows->push_back(Row("cgroup", Protection::kOn,
                        cgroup.enabled ? "own group, whole-tree stop"
                                       : "whole-tree stop where cgroup v2 is"));
  }
  std::string limits;
  if (cgroup.memory_max) limits += " memory";
  if (cgroup.pids_max) limits += " pids";
  if (cgroup.cpu_weight) limits += " cpu";
  rows->push_back(limits.empty()
                      ? Row("limits", Protection::kOff, "no cgroup limits")
                      : Row("limits", Protection::kOn, limits.substr(1)));
}

constexpr const char* kDeepRowNames[] = {
    "filesystem", "service_dir", "private_tmp", "protect_home", "landlock",
    "network",    "ipc",         "uts",         "cgroup",       "limits"};

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
    for (const char* name : kDeepRowNames) {
      rows.push_back(Row(name, Protection::kOff, "no policy: as 0.76"));
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
  DeepRows(*resolved, root, &rows);
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
