#include "sandbox/identity.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "sandbox/kernel_support.h"

namespace sandbox {

namespace {

std::optional<unsigned long> Numeric(const std::string& text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  unsigned long value = std::strtoul(text.c_str(), nullptr, 10);
  // -1 means "unchanged" to the kernel; never a real id.
  if (value >= 0xffffffffUL) return std::nullopt;
  return value;
}

// The whole of a root-owned account file, or what could be read of it.
// Plain read(2), not <fstream>: iostreams would set up libstdc++'s locale
// in the processes that resolve policies (supervise's spawner).
std::string ReadWhole(const char* file) {
  std::string text;
  int fd = open(file, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  // Straight into the string: a buffer on the stack would be one more
  // page the spawner copies from the monitor.
  size_t size = 0;
  for (;;) {
    if (text.size() - size < 1024) text.resize(size + 4096);
    ssize_t got = read(fd, text.data() + size, text.size() - size);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    size += static_cast<size_t>(got);
  }
  close(fd);
  text.resize(size);
  return text;
}

}  // namespace

std::optional<AccountEntry> ParseAccountLine(const std::string& line) {
  // name:password:id[:gid:...]
  size_t first = line.find(':');
  if (first == std::string::npos || first == 0) return std::nullopt;
  size_t second = line.find(':', first + 1);
  if (second == std::string::npos) return std::nullopt;
  size_t third = line.find(':', second + 1);
  AccountEntry entry;
  entry.name = line.substr(0, first);
  std::optional<unsigned long> id = Numeric(
      line.substr(second + 1, third == std::string::npos ? std::string::npos
                                                         : third - second - 1));
  if (!id) return std::nullopt;
  entry.id = static_cast<uint32_t>(*id);
  if (third != std::string::npos) {
    size_t fourth = line.find(':', third + 1);
    entry.second_id = Numeric(line.substr(third + 1, fourth == std::string::npos
                                                         ? std::string::npos
                                                         : fourth - third - 1));
  }
  return entry;
}

namespace {

std::optional<AccountEntry> FindAccount(const char* file,
                                        const std::string& name,
                                        std::optional<uint32_t> id) {
  std::string text = ReadWhole(file);
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::optional<AccountEntry> entry =
        ParseAccountLine(std::string(rest.substr(0, end)));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (!entry) continue;
    if ((id && entry->id == *id) || (!id && entry->name == name)) return entry;
  }
  return std::nullopt;
}

std::optional<uid_t> LookUpUser(const std::string& name,
                                std::optional<gid_t>* primary_gid) {
  std::optional<unsigned long> number = Numeric(name);
  std::optional<uint32_t> id;
  if (number) id = static_cast<uint32_t>(*number);
  std::optional<AccountEntry> entry = FindAccount("/etc/passwd", name, id);
  if (!entry) {
    if (number) return static_cast<uid_t>(*number);
    return std::nullopt;
  }
  if (entry->second_id) *primary_gid = static_cast<gid_t>(*entry->second_id);
  return entry->id;
}

}  // namespace

std::optional<gid_t> LookUpGroup(const std::string& name) {
  if (std::optional<unsigned long> number = Numeric(name)) {
    return static_cast<gid_t>(*number);
  }
  std::optional<AccountEntry> entry =
      FindAccount("/etc/group", name, std::nullopt);
  if (!entry) return std::nullopt;
  return entry->id;
}

bool ResolvePolicy(const Policy& policy, ResolvedPolicy* resolved,
                   std::string* error) {
  resolved->policy = policy;
  std::optional<gid_t> user_gid;
  if (policy.user) {
    resolved->uid = LookUpUser(*policy.user, &user_gid);
    if (!resolved->uid) {
      *error = "unknown user " + *policy.user;
      return false;
    }
  }
  if (policy.group) {
    resolved->gid = LookUpGroup(*policy.group);
    if (!resolved->gid) {
      *error = "unknown group " + *policy.group;
      return false;
    }
  } else if (policy.user) {
    if (!user_gid) {
      *error = "user " + *policy.user + " has no group; set group";
      return false;
    }
    resolved->gid = user_gid;
  }
  if (policy.ChangesIdentity()) {
    resolved->set_groups = true;
    for (const std::string& name :
         policy.groups.value_or(std::vector<std::string>{})) {
      std::optional<gid_t> gid = LookUpGroup(name);
      if (!gid) {
        *error = "unknown group " + name;
        return false;
      }
      resolved->groups.push_back(*gid);
    }
  }
  if (policy.control_group) {
    resolved->control_gid = LookUpGroup(*policy.control_group);
    if (!resolved->control_gid) {
      *error = "unknown group " + *policy.control_group;
      return false;
    }
  }
  if (!CompileSeccomp(policy.seccomp, &resolved->filter, error)) return false;
  *error = KernelCannotHonour(policy);
  return error->empty();
}

}  // namespace sandbox
