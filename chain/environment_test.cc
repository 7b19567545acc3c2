#include "chain/environment.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chain {
namespace {

std::vector<std::string> Entries(Environment& environment) {
  std::vector<std::string> entries;
  for (char* const* entry = environment.Pointers(); *entry != nullptr;
       ++entry) {
    entries.emplace_back(*entry);
  }
  return entries;
}

Environment Starting(std::vector<std::string> entries) {
  Environment environment;
  for (const std::string& entry : entries) {
    size_t equals = entry.find('=');
    environment.Set(entry.substr(0, equals), entry.substr(equals + 1));
  }
  return environment;
}

TEST(EnvironmentTest, SetReplacesEveryEntryOfTheName) {
  Environment environment = Starting({"A=1", "AB=2"});
  environment.Set("A", "3");
  EXPECT_EQ(Entries(environment), (std::vector<std::string>{"AB=2", "A=3"}));
}

TEST(EnvironmentTest, NameWithEqualsIsTheVariableBeforeIt) {
  // As 0.76's pathexec_env: one entry per variable, never two.
  Environment environment = Starting({"FOO=orig", "BAZ=1", "KEPT=k"});
  environment.Set("FOO=BAR", "x");
  environment.Unset("BAZ=Q");
  EXPECT_EQ(Entries(environment),
            (std::vector<std::string>{"KEPT=k", "FOO=BAR=x", "BAZ=Q"}));
  environment.Unset("KEPT");
  environment.Unset("FOO");
  EXPECT_EQ(Entries(environment), (std::vector<std::string>{"BAZ=Q"}));
}

}  // namespace
}  // namespace chain
