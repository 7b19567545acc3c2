// svc's command line: option letters become control bytes, in the order
// first seen, each at most once (svc -dud sends "du", as 0.76 does).
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

inline constexpr char kSvcUsage[] =
    "svc options: u up, d down, o once, x exit, p pause, c continue, "
    "h hup, a alarm, i interrupt, t term, k kill, q quit, 1 usr1, 2 usr2, "
    "w winch";

}  // namespace svc
