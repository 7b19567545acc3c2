// Runs multilog's processors (the ! action) on behalf of a locked-down
// multilog. A seccomp filter survives exec, so a multilog that filtered its
// own calls could not start a processor without binding it too. Instead,
// before locking down, multilog forks this helper: it keeps the privileges
// multilog was started with, parses the script itself, and only ever runs
// the processor the script names for a directory. multilog sends it the
// directory's index and the five descriptors the processor needs; the
// helper runs `/bin/sh -c PROCESSOR` in that directory and replies with the
// wait status. See docs/SECURITY.md.
#pragma once

#include <sys/types.h>

#include <optional>
#include <span>
#include <string_view>

#include "common/unique_fd.h"

namespace log_tools {

struct ProcessorFiles {
  int directory;  // the processor's working directory
  int input;      // previous, as stdin
  int output;     // processed, as stdout
  int state;      // state, as fd 4
  int new_state;  // newstate, as fd 5
};

class ProcessorHelper {
 public:
  // Forks the helper; `arguments` is multilog's script. nullopt (errno
  // set) if it cannot be created.
  static std::optional<ProcessorHelper> Start(
      std::span<const std::string_view> arguments);

  // Runs directory `index`'s processor to completion. Returns its wait
  // status, or nullopt (errno set) if it could not be run.
  std::optional<int> Run(size_t index, const ProcessorFiles& files);

 private:
  explicit ProcessorHelper(common::UniqueFd socket)
      : socket_(std::move(socket)) {}
  common::UniqueFd socket_;
};

}  // namespace log_tools
