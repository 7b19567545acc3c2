#include "chain/environment.h"

extern char** environ;

namespace chain {

Environment Environment::Current() {
  Environment environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    environment.entries_.emplace_back(*entry);
  }
  return environment;
}

void Environment::Remove(const std::string& name) {
  std::string prefix = name.substr(0, name.find('=')) + "=";
  std::erase_if(entries_, [&](const std::string& entry) {
    return entry.compare(0, prefix.size(), prefix) == 0;
  });
}

void Environment::Unset(const std::string& name) {
  Remove(name);
  if (name.find('=') != std::string::npos) entries_.push_back(name);
}

void Environment::Set(const std::string& name, const std::string& value) {
  Remove(name);
  entries_.push_back(name + "=" + value);
}

char* const* Environment::Pointers() {
  pointers_.clear();
  for (std::string& entry : entries_) pointers_.push_back(entry.data());
  pointers_.push_back(nullptr);
  return pointers_.data();
}

}  // namespace chain
