// How envdir turns a file's contents into a variable's value.
#pragma once

#include <optional>
#include <string>

namespace chain {

// nullopt: the file is empty, so the variable is removed. Otherwise the
// text before the first newline, trailing spaces and tabs removed, NUL
// bytes turned into newlines (an empty result is a set, empty variable).
std::optional<std::string> EnvdirValue(const std::string& contents);

}  // namespace chain
