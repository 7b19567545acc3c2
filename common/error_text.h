// The daemontools family reports system errors with its own short texts
// rather than strerror(); a drop-in must print the same words.
#pragma once

#include <string_view>

namespace common {

// Returns the daemontools-style text for an errno value, e.g. ENOENT ->
// "file does not exist". Unlisted values give "unknown error".
std::string_view ErrorText(int error_number);

}  // namespace common
