// A resolved policy in one line of text, as supervise records it in
// supervise/confinement at each start and svstat -v and svpolicy show it,
// e.g. "user 65534 group 65534 groups none caps none nnp yes seccomp allow
// 250 (kill) rlimits nofile=64:128 umask 0027".
#pragma once

#include <string>
#include <vector>

#include "sandbox/identity.h"

namespace sandbox {

std::string PolicySummary(const ResolvedPolicy& policy);

// "net_bind_service,kill" or "none".
std::string CapabilityList(const std::vector<int>& capabilities);

// "none", or "allow N (kill)" / "deny N (errno E)".
std::string SeccompText(const SeccompPolicy& seccomp);

}  // namespace sandbox
