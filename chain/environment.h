// A copy of the environment that chain loaders edit before exec.
#pragma once

#include <string>
#include <vector>

namespace chain {

class Environment {
 public:
  // Starts from the process's environment.
  static Environment Current();

  // As 0.76's pathexec_env: the variable is the part of `name` before its
  // first '=', and every entry for it is removed first, so the result has
  // one entry per variable. Set adds "name=value"; Unset adds `name` itself
  // when it contains '=' (0.76 gives an empty file "FOO=BAR" the value
  // FOO=BAR).
  void Set(const std::string& name, const std::string& value);
  void Unset(const std::string& name);
  // A NULL-terminated array for execve; valid until the next change.
  char* const* Pointers();

 private:
  void Remove(const std::string& name);

  std::vector<std::string> entries_;
  std::vector<char*> pointers_;
};

}  // namespace chain
