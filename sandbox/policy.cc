#include "sandbox/policy.h"

#include <cap-ng.h>
#include <seccomp.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cerrno>
#include <cstring>
#include <set>
#include <span>
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

// Names inline in these tables, not pointers: pointers would be
// relocated (written) at every start of a static-pie supervise.
struct ResourceName {
  char name[12];
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
  char name[16];
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

using WordList = std::vector<std::string>;

// The value parsers of the table below: each reads words[1...] (words[0]
// is the key) into the policy and returns "" or the reason for refusal.
using KeyParser = std::string (*)(const WordList& words, Policy& policy);

// How many values a key takes, checked before its parser runs.
enum class Values {
  kOne,         // none: "KEY needs a value"; more: "KEY takes one value"
  kExactlyOne,  // "KEY takes one value" also for none (confinement keys)
  kSome,        // none: "KEY needs a value"; the parser checks the rest
  kPaths,       // none: "KEY needs a path"
  kAny,         // the parser checks them all
};

struct Key {
  PolicyKey doc;
  Values values;
  KeyParser parse;
};

// "KEY must be A, B or C".
std::string MustBe(const std::string& key,
                   std::span<const std::string_view> names) {
  std::string error = key + " must be ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) error += i + 1 == names.size() ? " or " : ", ";
    error += names[i];
  }
  return error;
}

// Keywords with what each stands for; a miss names them in their order.
template <typename T>
struct Choice {
  char first[16];
  T second;
};

template <typename Field, typename T, size_t N>
std::string Choose(const WordList& words, const Choice<T> (&choices)[N],
                   Field& field) {
  std::array<std::string_view, N> names;
  for (size_t i = 0; i < N; ++i) {
    if (words[1] == choices[i].first) {
      field = choices[i].second;
      return "";
    }
    names[i] = choices[i].first;
  }
  return MustBe(words[0], names);
}

constexpr Choice<bool> kYesNo[] = {{"yes", true}, {"no", false}};
constexpr Choice<KillMode> kKillModes[] = {
    {"control-group", KillMode::kControlGroup},
    {"process", KillMode::kProcess}};
constexpr Choice<ProtectSystem> kProtectSystem[] = {
    {"no", ProtectSystem::kNo},
    {"yes", ProtectSystem::kYes},
    {"full", ProtectSystem::kFull},
    {"strict", ProtectSystem::kStrict}};
constexpr Choice<ProtectHome> kProtectHome[] = {
    {"no", ProtectHome::kNo},
    {"yes", ProtectHome::kYes},
    {"read-only", ProtectHome::kReadOnly}};
// service_dir: whether it is writable.
constexpr Choice<bool> kServiceDir[] = {{"read-only", false},
                                        {"writable", true}};
// landlock: whether best effort will do.
constexpr Choice<bool> kLandlock[] = {{"enforce", false},
                                      {"best_effort", true}};

std::string Account(const WordList& words, std::optional<std::string>& field) {
  if (!ValidAccount(words[1])) return "bad " + words[0] + " " + words[1];
  field = words[1];
  return "";
}

std::string Groups(const WordList& words, Policy& policy) {
  std::vector<std::string> list;
  if (words[1] != "none") {
    for (const std::string& name : SplitCommas(words[1])) {
      if (!ValidAccount(name)) return "bad group " + name;
      list.push_back(name);
    }
  }
  policy.groups = list;
  return "";
}

std::string Capabilities(const WordList& words, Policy& policy) {
  std::vector<int> list;
  if (words[1] != "none") {
    for (const std::string& name : SplitCommas(words[1])) {
      std::optional<int> number = CapabilityNumber(name);
      if (!number) return "unknown capability " + name;
      list.push_back(*number);
    }
  }
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
  policy.capabilities = list;
  return "";
}

std::string Umask(const WordList& words, Policy& policy) {
  uint64_t mask;
  if (words[1].size() > 4 || !ParseUnsigned(words[1], 0777, &mask, 8)) {
    return "umask must be octal, at most 0777";
  }
  policy.umask = static_cast<mode_t>(mask);
  return "";
}

std::string Seccomp(const WordList& words, Policy& policy) {
  if (words[1] == "allow") {
    policy.seccomp.mode = SeccompMode::kAllow;
  } else if (words[1] == "deny") {
    policy.seccomp.mode = SeccompMode::kDeny;
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
  policy.seccomp.syscalls.assign(names.begin(), names.end());
  return "";
}

std::string SeccompActionKey(const WordList& words, Policy& policy) {
  if (words[1] == "kill" && words.size() == 2) {
    policy.seccomp.action = {SeccompAction::kKill, 0};
    return "";
  }
  if (words[1] == "errno" && words.size() == 3) {
    for (const ErrnoName& entry : kErrnos) {
      if (words[2] == entry.name) {
        policy.seccomp.action = {SeccompAction::kErrno, entry.value};
        return "";
      }
    }
    uint64_t number;
    if (ParseUnsigned(words[2], 4095, &number) && number > 0) {
      policy.seccomp.action = {SeccompAction::kErrno, static_cast<int>(number)};
      return "";
    }
    return "unknown errno " + words[2];
  }
  return "seccomp_action must be kill or errno NAME";
}

std::string Rlimit(const WordList& words, Policy& policy) {
  if (words.size() != 3) return "rlimit takes a resource and a value";
  const ResourceName* resource = nullptr;
  for (const ResourceName& entry : kResources) {
    if (words[1] == entry.name) resource = &entry;
  }
  if (resource == nullptr) return "unknown rlimit resource " + words[1];
  // Once per resource: the key is repeatable, the resource is not.
  for (const RlimitSetting& earlier : policy.rlimits) {
    if (earlier.resource == resource->resource) {
      return "rlimit " + words[1] + " given twice";
    }
  }
  RlimitSetting setting;
  setting.resource = resource->resource;
  const std::string& value = words[2];
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
  policy.rlimits.push_back(setting);
  return "";
}

// Absolute, without "." or ".." components (a rule must name what it
// seems to name), no control characters.
std::string Paths(const WordList& words, std::vector<std::string>& list) {
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
    list.push_back(path);
  }
  return "";
}

// A byte count with an optional K, M or G (powers of 1024), or "max".
bool ParseBytes(const std::string& text, uint64_t* value) {
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

std::string MemoryMax(const WordList& words, Policy& policy) {
  uint64_t bytes;
  if (!ParseBytes(words[1], &bytes) || bytes == 0) {
    return "memory_max must be bytes (K, M, G) or max";
  }
  policy.cgroup.memory_max = bytes;
  return "";
}

std::string PidsMax(const WordList& words, Policy& policy) {
  uint64_t number = UINT64_MAX;
  if (words[1] != "max" &&
      (!ParseUnsigned(words[1], 4194304, &number) || number == 0)) {
    return "pids_max must be 1 to 4194304 or max";
  }
  policy.cgroup.pids_max = number;
  return "";
}

std::string CpuWeight(const WordList& words, Policy& policy) {
  uint64_t weight;
  if (!ParseUnsigned(words[1], 10000, &weight) || weight == 0) {
    return "cpu_weight must be 1 to 10000";
  }
  policy.cgroup.cpu_weight = weight;
  return "";
}

// A host name as sethostname takes it.
std::string PrivateUts(const WordList& words, Policy& policy) {
  const std::string& value = words[1];
  if (value.size() > 64) return "private_uts: host name too long";
  for (char c : value) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
          c == '.')) {
      return "private_uts: bad host name " + value;
    }
  }
  policy.namespaces.hostname = value;
  return "";
}

using enum Values;

// The grammar: every key, once. ParsePolicy walks it; print_policy_keys
// prints it for policy(5) and the comment in policy.h, and tests keep
// both equal to it. Rows: {name, values (usage), default, doc,
// repeatable}, how many values, parser.
constexpr Key kKeys[] = {
    {{"user", "NAME|UID", "",
      "run ./run as this user (its primary group unless group says "
      "otherwise)",
      false},
     kOne,
     [](const WordList& w, Policy& p) { return Account(w, p.user); }},
    {{"group", "NAME|GID", "", "primary group", false},
     kOne,
     [](const WordList& w, Policy& p) { return Account(w, p.group); }},
    {{"groups", "NAME,...|none", "none when user or group is set",
      "supplementary groups, exactly these", false},
     kOne,
     Groups},
    {{"capabilities", "CAP,...|none", "",
      "keep only these (bounding, permitted, effective, inheritable and "
      "ambient), e.g. net_bind_service",
      false},
     kOne,
     Capabilities},
    {{"no_new_privs", "yes|no",
      "yes when the policy changes identity, capabilities or seccomp",
      "the no_new_privs bit (seccomp and Landlock need it)", false},
     kOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kYesNo, p.no_new_privs);
     }},
    {{"seccomp", "allow|deny ITEM ...", "",
      "a seccomp filter of syscall names and @groups", false},
     kSome,
     Seccomp},
    {{"seccomp_action", "kill|errno NAME|NUMBER", "kill",
      "what a refused syscall does", false},
     kSome,
     SeccompActionKey},
    {{"rlimit", "RESOURCE SOFT[:HARD]", "",
      "once per resource, named as in setrlimit without RLIMIT_ (nofile, "
      "nproc, as, core, ...); \"unlimited\" for none",
      true},
     kAny,
     Rlimit},
    {{"umask", "OCTAL", "", "the file mode creation mask", false}, kOne, Umask},
    {{"control_group", "NAME|GID", "",
      "members of this group may use svc/svstat/svok", false},
     kOne,
     [](const WordList& w, Policy& p) { return Account(w, p.control_group); }},
    {{"cgroup", "yes|no", "yes where supervise can make one",
      "a cgroup v2 group of the service's own", false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kYesNo, p.cgroup.enabled);
     }},
    {{"kill_mode", "control-group|process", "control-group with a cgroup",
      "what is killed once ./run exited", false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kKillModes, p.cgroup.kill_mode);
     }},
    {{"memory_max", "BYTES[K|M|G]|max", "", "the group's memory.max", false},
     kExactlyOne,
     MemoryMax},
    {{"pids_max", "N|max", "", "the group's pids.max", false},
     kExactlyOne,
     PidsMax},
    {{"cpu_weight", "1-10000", "", "the group's cpu.weight", false},
     kExactlyOne,
     CpuWeight},
    {{"protect_system", "no|yes|full|strict", "no",
      "read-only /usr, /boot and /efi (full: and /etc; strict: all but "
      "/dev, /proc, /sys)",
      false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kProtectSystem, p.filesystem.protect_system);
     }},
    {{"protect_home", "no|yes|read-only", "no",
      "/home, /root and /run/user inaccessible (or read-only)", false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kProtectHome, p.filesystem.protect_home);
     }},
    {{"read_only", "PATH ...", "",
      "read-only for the service, with every mount beneath", true},
     kPaths,
     [](const WordList& w, Policy& p) {
       return Paths(w, p.filesystem.read_only);
     }},
    {{"writable", "PATH ...", "", "stays writable inside a read-only tree",
      true},
     kPaths,
     [](const WordList& w, Policy& p) {
       return Paths(w, p.filesystem.writable);
     }},
    {{"inaccessible", "PATH ...", "",
      "covered by an empty mode-000 directory or file", true},
     kPaths,
     [](const WordList& w, Policy& p) {
       return Paths(w, p.filesystem.inaccessible);
     }},
    {{"private_tmp", "yes|no", "no", "a fresh tmpfs on /tmp and /var/tmp",
      false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kYesNo, p.filesystem.private_tmp);
     }},
    {{"service_dir", "read-only|writable",
      "read-only whenever there is a mount namespace",
      "the service directory as the service sees it", false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kServiceDir, p.filesystem.service_dir_writable);
     }},
    {{"landlock_read", "PATH ...", "",
      "Landlock: read files and list directories beneath PATH", true},
     kPaths,
     [](const WordList& w, Policy& p) { return Paths(w, p.landlock.read); }},
    {{"landlock_write", "PATH ...", "",
      "Landlock: also create, write and remove beneath PATH", true},
     kPaths,
     [](const WordList& w, Policy& p) { return Paths(w, p.landlock.write); }},
    {{"landlock_execute", "PATH ...", "",
      "Landlock: read and execute beneath PATH", true},
     kPaths,
     [](const WordList& w, Policy& p) { return Paths(w, p.landlock.execute); }},
    {{"landlock", "enforce|best_effort", "enforce",
      "without Landlock ABI 3: refuse the start, or use what there is", false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kLandlock, p.landlock.best_effort);
     }},
    {{"private_network", "yes|no", "no",
      "a network namespace with only loopback", false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kYesNo, p.namespaces.network);
     }},
    {{"private_ipc", "yes|no", "no", "an IPC namespace of the service's own",
      false},
     kExactlyOne,
     [](const WordList& w, Policy& p) {
       return Choose(w, kYesNo, p.namespaces.ipc);
     }},
    {{"private_uts", "HOSTNAME", "", "a UTS namespace with this host name",
      false},
     kExactlyOne,
     PrivateUts},
};

constexpr size_t kKeyCount = std::size(kKeys);

// A second row of one name would never be reached.
constexpr bool NamesUnique() {
  for (size_t i = 0; i < kKeyCount; ++i) {
    for (size_t j = i + 1; j < kKeyCount; ++j) {
      if (std::string_view(kKeys[i].doc.name) == kKeys[j].doc.name) {
        return false;
      }
    }
  }
  return true;
}
static_assert(NamesUnique(), "a key stands twice in kKeys");

// The number of values, as `values` wants it.
std::string CountValues(const Key& key, size_t count) {
  const std::string name(key.doc.name);
  switch (key.values) {
    case kOne:
      if (count == 0) return name + " needs a value";
      return count == 1 ? "" : name + " takes one value";
    case kExactlyOne:
      return count == 1 ? "" : name + " takes one value";
    case kSome:
      return count == 0 ? name + " needs a value" : "";
    case kPaths:
      return count == 0 ? name + " needs a path" : "";
    case kAny:
      break;
  }
  return "";
}

// One line's setting; `seen` marks the rows given before.
std::string Setting(const WordList& words, Policy& policy,
                    std::bitset<kKeyCount>& seen) {
  const std::string& name = words[0];
  for (size_t row = 0; row < kKeyCount; ++row) {
    const Key& key = kKeys[row];
    if (name != key.doc.name) continue;
    if (!key.doc.repeatable) {
      if (seen[row]) return "setting " + name + " given twice";
      seen[row] = true;
    }
    if (std::string error = CountValues(key, words.size() - 1);
        !error.empty()) {
      return error;
    }
    return key.parse(words, policy);
  }
  return "unknown setting " + name;
}

// What no single line shows: combinations that contradict each other.
std::string Contradiction(const Policy& policy) {
  bool no_nnp = policy.no_new_privs && !*policy.no_new_privs;
  if (policy.seccomp.mode != SeccompMode::kNone && no_nnp) {
    return "a seccomp filter needs no_new_privs";
  }
  if (policy.landlock.Any() && no_nnp) {
    return "Landlock rules need no_new_privs";
  }
  if (policy.cgroup.enabled == false &&
      (policy.cgroup.Limits() || policy.cgroup.kill_mode)) {
    return "cgroup no leaves no group for limits or kill_mode";
  }
  return "";
}

ParseResult Fail(int line, const std::string& error) {
  return ParseResult{std::nullopt,
                     "line " + std::to_string(line) + ": " + error};
}

}  // namespace

std::vector<PolicyKey> PolicyKeys() {
  std::vector<PolicyKey> keys;
  for (const Key& key : kKeys) keys.push_back(key.doc);
  return keys;
}

ParseResult ParsePolicy(const std::string& text) {
  Policy policy;
  std::bitset<kKeyCount> seen;
  int number = 0;
  for (const std::string& line : Lines(text)) {
    ++number;
    if (line.find('\0') != std::string::npos) {
      return Fail(number, "NUL byte in line");
    }
    WordList words = Words(line);
    if (words.empty() || words[0][0] == '#') continue;
    if (std::string error = Setting(words, policy, seen); !error.empty()) {
      return Fail(number, error);
    }
  }
  if (std::string error = Contradiction(policy); !error.empty()) {
    return Fail(number, error);
  }
  return ParseResult{policy, ""};
}

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

}  // namespace sandbox
