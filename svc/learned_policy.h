// From the system calls a service was seen to make to a `seccomp allow`
// line an operator can review: a whole @group where the service used more
// than half of a harmless group, single names otherwise. Pure.
#pragma once

#include <set>
#include <string>

namespace svc {

// `used` holds syscall names. Calls every allow-list gets anyway (the exec
// minimum) are left out. Returns "seccomp allow ITEM ..." (no newline), or
// "" when nothing is left.
std::string LearnedSeccompLine(const std::set<std::string>& used);

}  // namespace svc
