// Splitting text as istream/getline would, without <sstream>: iostreams
// set up libstdc++'s locale in every process that parses with them, and
// supervise and its spawner (one pair per service) parse policies,
// mountinfo and cgroup files. Each such page would be paid per service.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

// Words as `istream >> string` reads them in the C locale (separated by
// space, \t, \n, \v, \f or \r).
std::vector<std::string> Words(std::string_view text);

// Every piece between separators; a trailing separator ends in an empty
// piece, an empty text has none (getline with a delimiter, plus that
// final empty piece).
std::vector<std::string> Split(std::string_view text, char separator);

// Lines as getline reads them: a final newline ends the last line, it
// starts none.
std::vector<std::string> Lines(std::string_view text);

}  // namespace sandbox
