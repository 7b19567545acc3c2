// A copy of the environment that chain loaders edit before exec.
#pragma once

#include <string>
#include <vector>

namespace chain {

class Environment {
 public:
  // Starts from the process's environment.
  static Environment Current();

  void Set(const std::string& name, const std::string& value);
  void Unset(const std::string& name);
  // A NULL-terminated array for execve; valid until the next change.
  char* const* Pointers();

 private:
  std::vector<std::string> entries_;
  std::vector<char*> pointers_;
};

}  // namespace chain
