#include "svc/learned_policy.h"

#include <algorithm>

#include "sandbox/syscall_groups.h"

namespace svc {

namespace {

// Groups that may be taken whole. The others (@privileged, @mount,
// @debug, ...) hold calls no service should get by accident, so each of
// their calls must be listed, and seen, on its own.
constexpr const char* kWholeGroups[] = {"@basic-io", "@file-system", "@memory",
                                        "@process",  "@signal",      "@timer",
                                        "@identity", "@network-io",  "@ipc"};

}  // namespace

std::string LearnedSeccompLine(const std::set<std::string>& used) {
  std::set<std::string> left = used;
  for (std::string_view always : sandbox::ExecMinimum()) {
    left.erase(std::string(always));
  }
  std::string line;
  for (const char* group : kWholeGroups) {
    const std::vector<std::string_view>* members = sandbox::SyscallGroup(group);
    if (members == nullptr || members->empty()) continue;
    size_t seen = static_cast<size_t>(std::count_if(
        members->begin(), members->end(), [&](std::string_view name) {
          return used.count(std::string(name)) != 0;
        }));
    if (2 * seen <= members->size()) continue;
    line += " ";
    line += group;
    for (std::string_view name : *members) left.erase(std::string(name));
  }
  for (const std::string& name : left) line += " " + name;
  return line.empty() ? "" : "seccomp allow" + line;
}

}  // namespace svc
