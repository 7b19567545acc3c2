// svc's command line: option letters become control bytes, in the order
// first seen, each at most once (svc -dud sends "du", as 0.76 does). The
// letters and the usage line come from common::kCommands.
#pragma once

#include <string>

namespace svc {

struct SvcArguments {
  bool ok = false;
  std::string error;     // the "illegal option" line when !ok
  std::string commands;  // the bytes to write into each control FIFO
  int first_dir = 0;     // argv index of the first directory
};

SvcArguments ParseSvcArguments(int argc, char* const* argv);

// "svc options: u up, d down, ...": one "LETTER WORD" per row of
// common::kCommands, in its order. The first eleven are 0.76's line.
std::string SvcUsage();

}  // namespace svc
