// tai64nlocal's conversion of one line.
#pragma once

#include <string>

namespace log_tools {

// A line starting with "@" and 24 lowercase hex digits gets the label
// replaced by local time "YYYY-MM-DD HH:MM:SS.nnnnnnnnn"; any other line,
// including a malformed label (0.76 crashes on those), is returned as is.
std::string LocaliseLine(const std::string& line);

}  // namespace log_tools
