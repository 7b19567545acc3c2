// What stopped the apply sequence (sandbox/apply.h): the step, often with
// the path it was working on, and the errno.
#pragma once

#include <string>

namespace sandbox {

struct ApplyFailure {
  std::string step;
  int error = 0;
};

// Fills `failure` and returns false, so a step can `return Fail(...)`.
inline bool Fail(ApplyFailure* failure, std::string step, int error) {
  failure->step = std::move(step);
  failure->error = error != 0 ? error : 1;  // EPERM when unknown
  return false;
}

}  // namespace sandbox
