// The per-start cost of the confinement steps: forks a child that applies
// a policy (sandbox::ApplyPolicy, as the spawner's child does) and execs
// /bin/true, N times per policy, and prints the median and 90th
// percentile of the start latency (fork until exec, seen as the end of a
// close-on-exec pipe) and of the whole run (fork to reap: with a mount
// namespace, tearing it down at exit is most of the cost). Needs root.
// Usage:
//   apply_bench [N]
// Run in /var/lib/benchsvc (made by hand): the "service directory".
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sandbox/apply.h"
#include "sandbox/cgroup.h"
#include "sandbox/policy.h"

namespace {

double NowUs() {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec * 1e6 + now.tv_nsec / 1e3;
}

// With `cgroup`: the spawner's part too (make and limit the group, the
// child joins it, the group is killed and removed after the run).
void Measure(const char* name, const std::string& text, int runs,
             bool cgroup = false) {
  sandbox::ParseResult parsed = sandbox::ParsePolicy(text);
  sandbox::ResolvedPolicy resolved;
  std::string error;
  if (!parsed.value ||
      !sandbox::ResolvePolicy(*parsed.value, &resolved, &error)) {
    std::printf("%-28s unusable: %s%s\n", name, parsed.error.c_str(),
                error.c_str());
    return;
  }
  std::vector<double> starts, times;
  for (int i = 0; i < runs; ++i) {
    int ends[2];
    if (pipe2(ends, O_CLOEXEC) != 0) return;
    double start = NowUs();
    sandbox::ServiceCgroup group;
    sandbox::ServiceContext context;
    context.directory = "/var/lib/benchsvc";
    if (cgroup) {
      if (!sandbox::PrepareServiceCgroup(resolved.policy.cgroup, 0, 1, &group,
                                         &error)) {
        std::printf("%-26s %s\n", name, error.c_str());
        return;
      }
      context.cgroup_procs = group.procs.get();
    }
    pid_t child = fork();
    if (child == 0) {
      close(ends[0]);
      sandbox::ApplyFailure failure;
      if (!sandbox::ApplyPolicy(resolved, &failure, &context)) _exit(111);
      execl("/bin/true", "true", nullptr);
      _exit(111);
    }
    close(ends[1]);
    char byte;
    while (read(ends[0], &byte, 1) > 0) {
    }
    close(ends[0]);
    starts.push_back(NowUs() - start);
    int status;
    waitpid(child, &status, 0);
    if (cgroup) sandbox::KillCgroup(group.path, 2000, &error);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::printf("%-28s child failed\n", name);
      return;
    }
    times.push_back(NowUs() - start);
  }
  std::sort(starts.begin(), starts.end());
  std::sort(times.begin(), times.end());
  std::printf("%-26s start %6.0f us (p90 %6.0f)   run %6.0f us (p90 %6.0f)\n",
              name, starts[starts.size() / 2], starts[starts.size() * 9 / 10],
              times[times.size() / 2], times[times.size() * 9 / 10]);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 200;
  Measure("no policy", "", runs);
  Measure("user nobody", "user nobody\n", runs);
  Measure("+ cgroup, whole-tree stop", "user nobody\n", runs, true);
  Measure("+ service_dir read-only", "user nobody\nservice_dir read-only\n",
          runs);
  Measure("+ protect_system strict",
          "user nobody\nprotect_system strict\nprivate_tmp yes\n"
          "protect_home yes\n",
          runs);
  Measure("+ namespaces",
          "user nobody\nprivate_network yes\nprivate_ipc yes\n"
          "private_uts bench\n",
          runs);
  Measure("+ landlock", "user nobody\nlandlock_execute /usr /bin /lib /lib64\n",
          runs);
  Measure("everything",
          "user nobody\nprotect_system strict\nprivate_tmp yes\n"
          "protect_home yes\nprivate_network yes\nprivate_ipc yes\n"
          "private_uts bench\nlandlock_execute /usr /bin /lib /lib64\n",
          runs);
  return 0;
}
