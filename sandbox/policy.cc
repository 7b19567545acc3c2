#include "sandbox/policy.h"

#include <cap-ng.h>
#include <seccomp.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <string_view>

#include "sandbox/syscall_groups.h"
#include "sandbox/text_split.h"

namespace sandbox {

namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  return Split(text, ',');
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(c));
  return text;
}

bool ParseUnsigned(const std::string& text, uint64_t max, uint64_t* value,
                   int base = 10) {
  if (text.empty() || text.size() > 20) return false;
  uint64_t result = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else {
      return false;
    }
    if (digit >= base) return false;
    if (result >
        (max - static_cast<uint64_t>(digit)) / static_cast<uint64_t>(base)) {
      return false;
    }
    result =
        result * static_cast<uint64_t>(base) + static_cast<uint64_t>(digit);
  }
  *value = result;
  return true;
}

// A user or group: a name as useradd accepts it, or a number.
bool ValidAccount(const std::string& text) {
  if (text.empty() || text.size() > 32 || text[0] == '-') return false;
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' ||
          c == '.' || c == '$')) {
      return false;
    }
  }
  return true;
}

std::optional<int> CapabilityNumber(const std::string& word) {
  std::string name = Lower(word);
  if (name.rfind("cap_", 0) == 0) name = name.substr(4);
  if (name.empty()) return std::nullopt;
  int number = capng_name_to_capability(name.c_str());
  if (number < 0) return std::nullopt;
  return number;
}

struct ResourceName {
  const char* name;
  int resource;
};

constexpr ResourceName kResources[] = {
    {"as", RLIMIT_AS},
    {"core", RLIMIT_CORE},
    {"cpu", RLIMIT_CPU},
    {"data", RLIMIT_DATA},
    {"fsize", RLIMIT_FSIZE},
    {"locks", RLIMIT_LOCKS},
    {"memlock", RLIMIT_MEMLOCK},
    {"msgqueue", RLIMIT_MSGQUEUE},
    {"nice", RLIMIT_NICE},
    {"nofile", RLIMIT_NOFILE},
    {"nproc", RLIMIT_NPROC},
    {"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO},
    {"rttime", RLIMIT_RTTIME},
    {"sigpending", RLIMIT_SIGPENDING},
    {"stack", RLIMIT_STACK},
};

struct ErrnoName {
  const char* name;
  int value;
};

constexpr ErrnoName kErrnos[] = {
    {"EPERM", EPERM},   {"EACCES", EACCES},   {"ENOSYS", ENOSYS},
    {"EINVAL", EINVAL}, {"EUCLEAN", EUCLEAN}, {"ENOTSUP", ENOTSUP},
    {"EAGAIN", EAGAIN}, {"ENOENT", ENOENT},   {"EIO", EIO},
};

bool ParseLimitValue(const std::string& text, uint64_t* value) {
  if (text == "unlimited" || text == "infinity") {
    *value = RLIM_INFINITY;
    return true;
  }
  return ParseUnsigned(text, RLIM_INFINITY - 1, value);
}

class Parser {
 public:
  ParseResult Run(const std::string& text) {
    int number = 0;
    for (const std::string& line : Lines(text)) {
      ++number;
      if (line.find('\0') != std::string::npos) {
        return Fail(number, "NUL byte in line");
      }
      std::vector<std::string> words = Words(line);
      if (words.empty() || words[0][0] == '#') continue;
      std::string error = Setting(words);
      if (!error.empty()) return Fail(number, error);
    }
    if (policy_.seccomp.mode != SeccompMode::kNone && policy_.no_new_privs &&
        !*policy_.no_new_privs) {
      return Fail(number, "a seccomp filter needs no_new_privs");
    }
    if (policy_.landlock.Any() && policy_.no_new_privs &&
        !*policy_.no_new_privs) {
      return Fail(number, "Landlock rules need no_new_privs");
    }
    if (policy_.cgroup.enabled == false &&
        (policy_.cgroup.Limits() || policy_.cgroup.kill_mode)) {
      return Fail(number, "cgroup no leaves no group for limits or kill_mode");
    }
    return ParseResult{policy_, ""};
  }

 private:
  ParseResult Fail(int line, const std::string& error) {
    return ParseResult{std::nullopt,
                       "line " + std::to_string(line) + ": " + error};
  }

  std::string Once(const std::string& key) {
    if (!seen_.insert(key).second) return "setting " + key + " given twice";
    return "";
  }

  std::string Setting(const std::vector<std::string>& words) {
    const std::string& key = words[0];
    size_t values = words.size() - 1;
    if (key == "rlimit") return Rlimit(words);
    if (std::vector<std::string>* list = PathList(key)) {
      return Paths(words, list);
    }
    if (IsConfinementKey(key)) {
      if (std::string error = Once(key); !error.empty()) return error;
      if (values != 1) return key + " takes one value";
      return Confinement(key, words[1]);
    }
    if (key == "user" || key == "group" || key == "groups" ||
        key == "capabilities" || key == "no_new_privs" || key == "seccomp" ||
        key == "seccomp_action" || key == "umask" || key == "control_group") {
      if (std::string error = Once(key); !error.empty()) return error;
    } else {
      return "unknown setting " + key;
    }
    if (values == 0) return key + " needs a value";
    if (key == "seccomp") return Seccomp(words);
    if (key == "seccomp_action") return Action(words);
    if (values != 1) return key + " takes one value";
    const std::string& value = words[1];
    if (key == "user" || key == "group" || key == "control_group") {
      if (!ValidAccount(value)) return "bad " + key + " " + value;
      if (key == "user") policy_.user = value;
      if (key == "group") policy_.group = value;
      if (key == "control_group") policy_.control_group = value;
      return "";
    }
    if (key == "groups") {
      std::vector<std::string> list;
      if (value != "none") {
        for (const std::string& name : SplitCommas(value)) {
          if (!ValidAccount(name)) return "bad group " + name;
          list.push_back(name);
        }
      }
      policy_.groups = list;
      return "";
    }
    if (key == "capabilities") {
      std::vector<int> list;
      if (value != "none") {
        for (const std::string& name : SplitCommas(value)) {
          std::optional<int> number = CapabilityNumber(name);
          if (!number) return "unknown capability " + name;
          list.push_back(*number);
        }
      }
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      policy_.capabilities = list;
      return "";
    }
    if (key == "no_new_privs") {
      if (value == "yes") {
        policy_.no_new_privs = true;
      } else if (value == "no") {
        policy_.no_new_privs = false;
      } else {
        return "no_new_privs must be yes or no";
      }
      return "";
    }
    // umask
    uint64_t mask;
    if (value.size() > 4 || !ParseUnsigned(value, 0777, &mask, 8)) {
      return "umask must be octal, at most 0777";
    }
    policy_.umask = static_cast<mode_t>(mask);
    return "";
  }

  std::vector<std::string>* PathList(const std::string& key) {
    if (key == "read_only") return &policy_.filesystem.read_only;
    if (key == "inaccessible") return &policy_.filesystem.inaccessible;
    if (key == "writable") return &policy_.filesystem.writable;
    if (key == "landlock_read") return &policy_.landlock.read;
    if (key == "landlock_write") return &policy_.landlock.write;
    if (key == "landlock_execute") return &policy_.landlock.execute;
    return nullptr;
  }

  static bool IsConfinementKey(const std::string& key) {
    for (const char* known :
         {"cgroup", "kill_mode", "memory_max", "pids_max", "cpu_weight",
          "private_tmp", "protect_system", "protect_home", "service_dir",
          "landlock", "private_network", "private_ipc", "private_uts"}) {
      if (key == known) return true;
    }
    return false;
  }

  // Absolute, without "." or ".." components (a rule must name what it
  // seems to name), no control characters.
  std::string Paths(const std::vector<std::string>& words,
                    std::vector<std::string>* list) {
    if (words.size() < 2) return words[0] + " needs a path";
    for (size_t i = 1; i < words.size(); ++i) {
      std::string path = words[i];
      if (path.empty() || path[0] != '/' || path.size() > 4095) {
        return words[0] + ": not an absolute path: " + path;
      }
      for (char c : path) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          return words[0] + ": control character in path";
        }
      }
      while (path.size() > 1 && path.back() == '/') path.pop_back();
      if (path.find("//") != std::string::npos ||
          (path + "/").find("/./") != std::string::npos ||
          (path + "/").find("/../") != std::string::npos) {
        return words[0] + ": path must be plain: " + path;
      }
      list->push_back(path);
    }
    return "";
  }

  static std::optional<bool> YesNo(const std::string& value) {
    if (value == "yes") return true;
    if (value == "no") return false;
    return std::nullopt;
  }

  // A byte count with an optional K, M or G (powers of 1024), or "max".
  static bool ParseBytes(const std::string& text, uint64_t* value) {
    if (text == "max" || text == "infinity") {
      *value = UINT64_MAX;
      return true;
    }
    uint64_t unit = 1;
    std::string digits = text;
    if (!digits.empty()) {
      switch (digits.back()) {
        case 'K':
          unit = 1ULL << 10;
          break;
        case 'M':
          unit = 1ULL << 20;
          break;
        case 'G':
          unit = 1ULL << 30;
          break;
        default:
          break;
      }
    }
    if (unit != 1) digits.pop_back();
    uint64_t number;
    if (!ParseUnsigned(digits, (UINT64_MAX - 1) / unit, &number)) return false;
    *value = number * unit;
    return true;
  }

  std::string Confinement(const std::string& key, const std::string& value) {
    if (key == "cgroup" || key == "private_tmp" || key == "private_network" ||
        key == "private_ipc") {
      std::optional<bool> flag = YesNo(value);
      if (!flag) return key + " must be yes or no";
      if (key == "cgroup") policy_.cgroup.enabled = *flag;
      if (key == "private_tmp") policy_.filesystem.private_tmp = *flag;
      if (key == "private_network") policy_.namespaces.network = *flag;
      if (key == "private_ipc") policy_.namespaces.ipc = *flag;
      return "";
    }
    if (key == "kill_mode") {
      if (value == "control-group") {
        policy_.cgroup.kill_mode = KillMode::kControlGroup;
      } else if (value == "process") {
        policy_.cgroup.kill_mode = KillMode::kProcess;
      } else {
        return "kill_mode must be control-group or process";
      }
      return "";
    }
    if (key == "memory_max") {
      uint64_t bytes;
      if (!ParseBytes(value, &bytes) || bytes == 0) {
        return "memory_max must be bytes (K, M, G) or max";
      }
      policy_.cgroup.memory_max = bytes;
      return "";
    }
    if (key == "pids_max") {
      uint64_t number = UINT64_MAX;
      if (value != "max" &&
          (!ParseUnsigned(value, 4194304, &number) || number == 0)) {
        return "pids_max must be 1 to 4194304 or max";
      }
      policy_.cgroup.pids_max = number;
      return "";
    }
    if (key == "cpu_weight") {
      uint64_t weight;
      if (!ParseUnsigned(value, 10000, &weight) || weight == 0) {
        return "cpu_weight must be 1 to 10000";
      }
      policy_.cgroup.cpu_weight = weight;
      return "";
    }
    if (key == "protect_system") {
      constexpr std::pair<const char*, ProtectSystem> kModes[] = {
          {"no", ProtectSystem::kNo},
          {"yes", ProtectSystem::kYes},
          {"full", ProtectSystem::kFull},
          {"strict", ProtectSystem::kStrict}};
      for (const auto& [name, mode] : kModes) {
        if (value == name) {
          policy_.filesystem.protect_system = mode;
          return "";
        }
      }
      return "protect_system must be no, yes, full or strict";
    }
    if (key == "protect_home") {
      if (value == "no" || value == "yes" || value == "read-only") {
        policy_.filesystem.protect_home = value == "no" ? ProtectHome::kNo
                                          : value == "yes"
                                              ? ProtectHome::kYes
                                              : ProtectHome::kReadOnly;
        return "";
      }
      return "protect_home must be no, yes or read-only";
    }
    if (key == "service_dir") {
      if (value != "read-only" && value != "writable") {
        return "service_dir must be read-only or writable";
      }
      policy_.filesystem.service_dir_writable = value == "writable";
      return "";
    }
    if (key == "landlock") {
      if (value != "enforce" && value != "best_effort") {
        return "landlock must be enforce or best_effort";
      }
      policy_.landlock.best_effort = value == "best_effort";
      return "";
    }
    // private_uts: a host name as sethostname takes it.
    if (value.size() > 64) return "private_uts: host name too long";
    for (char c : value) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
            c == '.')) {
        return "private_uts: bad host name " + value;
      }
    }
    policy_.namespaces.hostname = value;
    return "";
  }

  std::string Seccomp(const std::vector<std::string>& words) {
    if (words[1] == "allow") {
      policy_.seccomp.mode = SeccompMode::kAllow;
    } else if (words[1] == "deny") {
      policy_.seccomp.mode = SeccompMode::kDeny;
    } else {
      return "seccomp must be followed by allow or deny";
    }
    if (words.size() < 3) return "seccomp " + words[1] + " needs syscalls";
    std::set<std::string> names;
    for (size_t i = 2; i < words.size(); ++i) {
      const std::string& item = words[i];
      if (item[0] == '@') {
        const std::vector<std::string_view>* group = SyscallGroup(item);
        if (group == nullptr) return "unknown syscall group " + item;
        for (std::string_view name : *group) {
          // Names this architecture lacks (libseccomp gives them negative
          // pseudo numbers) are left out of the group.
          if (seccomp_syscall_resolve_name(std::string(name).c_str()) >= 0) {
            names.emplace(name);
          }
        }
      } else {
        if (seccomp_syscall_resolve_name(item.c_str()) == __NR_SCMP_ERROR) {
          return "unknown syscall " + item;
        }
        names.insert(item);
      }
    }
    policy_.seccomp.syscalls.assign(names.begin(), names.end());
    return "";
  }

  std::string Action(const std::vector<std::string>& words) {
    if (words[1] == "kill" && words.size() == 2) {
      policy_.seccomp.action = {SeccompAction::kKill, 0};
      return "";
    }
    if (words[1] == "errno" && words.size() == 3) {
      for (const ErrnoName& entry : kErrnos) {
        if (words[2] == entry.name) {
          policy_.seccomp.action = {SeccompAction::kErrno, entry.value};
          return "";
        }
      }
      uint64_t number;
      if (ParseUnsigned(words[2], 4095, &number) && number > 0) {
        policy_.seccomp.action = {SeccompAction::kErrno,
                                  static_cast<int>(number)};
        return "";
      }
      return "unknown errno " + words[2];
    }
    return "seccomp_action must be kill or errno NAME";
  }

  std::string Rlimit(const std::vector<std::string>& words) {
    if (words.size() != 3) return "rlimit takes a resource and a value";
    const ResourceName* resource = nullptr;
    for (const ResourceName& entry : kResources) {
      if (words[1] == entry.name) resource = &entry;
    }
    if (resource == nullptr) return "unknown rlimit resource " + words[1];
    if (!seen_.insert("rlimit " + words[1]).second) {
      return "rlimit " + words[1] + " given twice";
    }
    RlimitSetting setting;
    setting.resource = resource->resource;
    std::string value = words[2];
    size_t colon = value.find(':');
    std::string soft = value.substr(0, colon);
    std::string hard =
        colon == std::string::npos ? soft : value.substr(colon + 1);
    if (!ParseLimitValue(soft, &setting.soft) ||
        !ParseLimitValue(hard, &setting.hard)) {
      return "bad rlimit value " + value;
    }
    if (setting.soft > setting.hard) {
      return "rlimit " + words[1] + ": soft limit above hard limit";
    }
    policy_.rlimits.push_back(setting);
    return "";
  }

  Policy policy_;
  std::set<std::string> seen_;
};

}  // namespace

bool Policy::EffectiveNoNewPrivs() const {
  if (no_new_privs) return *no_new_privs;
  return ChangesIdentity() || capabilities.has_value() ||
         seccomp.mode != SeccompMode::kNone || landlock.Any();
}

bool Policy::ConfinesRootImplicitly() const {
  // A mount or namespace boundary binds uid 0 only without CAP_SYS_ADMIN
  // (it could unmount or setns its way out), which "user root" drops.
  bool confines = capabilities.has_value() ||
                  seccomp.mode != SeccompMode::kNone ||
                  no_new_privs.value_or(false) || NeedsMountNamespace() ||
                  landlock.Any() || namespaces.Any();
  return confines && !user;
}

bool Policy::NeedsMountNamespace() const {
  const FilesystemPolicy& fs = filesystem;
  return !fs.read_only.empty() || !fs.inaccessible.empty() ||
         !fs.writable.empty() || fs.private_tmp ||
         fs.protect_system != ProtectSystem::kNo ||
         fs.protect_home != ProtectHome::kNo ||
         fs.service_dir_writable == false;
}

bool Policy::HasDeepConfinement() const {
  return NeedsMountNamespace() || landlock.Any() || landlock.best_effort ||
         cgroup.enabled || cgroup.kill_mode || cgroup.Limits() ||
         namespaces.Any() || filesystem.service_dir_writable;
}

ParseResult ParsePolicy(const std::string& text) { return Parser().Run(text); }

}  // namespace sandbox
