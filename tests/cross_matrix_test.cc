// The cross matrix: our svc/svstat/svok driving the reference supervise and
// the reference clients driving ours. Every pairing must produce the same
// transcript as the reference clients on the reference supervise.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/harness.h"

namespace tests {
namespace {

struct Pairing {
  bool reference_supervise;
  bool reference_clients;
};

class CrossMatrixTest : public testing::TestWithParam<Pairing> {};

// Runs one scenario and returns its transcript: every client's normalised
// output and exit code. Between steps it waits on the status bytes (not on
// the client under test), so slow and fast supervisors give one transcript.
std::string Transcript(const Suite& supervisor, const Suite& clients) {
  TempDir dir;
  ProcessGroup processes;
  std::string service = dir / "svc";
  MakeService(service, "echo $$ >> pids; exec sleep 100", /*down=*/true);
  std::string out;
  auto client = [&](const std::vector<std::string>& argv) {
    RunResult result = RunProgram(argv, dir.path());
    out += "$ " + argv[0].substr(argv[0].rfind('/') + 1);
    for (size_t i = 1; i < argv.size(); ++i) {
      out += " " + (argv[i] == service ? std::string("SVC") : argv[i]);
    }
    out += "\n" + Normalise(result.out) + Normalise(result.err) + "-> " +
           std::to_string(result.exit_code) + "\n";
    std::string::size_type at;
    while ((at = out.find(service)) != std::string::npos) {
      out.replace(at, service.size(), "SVC");
    }
  };
  auto wait_status = [&](auto predicate) {
    bool held = WaitUntil([&] {
      auto status = ReadStatus(service);
      return status && predicate(*status);
    });
    out += held ? "" : "(timed out)\n";
    if (auto status = ReadStatus(service); status && status->pid) {
      processes.Adopt(static_cast<pid_t>(status->pid));
      // A fast supervisor lets the next command arrive before ./run has
      // recorded itself; wait for that, so every suite counts each start.
      std::string pid = std::to_string(status->pid) + "\n";
      WaitUntil([&] {
        return ReadFile(service + "/pids").find(pid) != std::string::npos ||
               !ProcessAlive(static_cast<pid_t>(status->pid));
      });
    }
  };

  client({clients.svok, service});
  client({clients.svstat, service});
  client({clients.svc, "-u", service});
  pid_t supervise = processes.Start({supervisor.supervise, service});
  WaitUntil([&] {
    return RunProgram({supervisor.svok, service}).exit_code == 0;
  });
  client({clients.svok, service});
  client({clients.svstat, service});
  client({clients.svc, "-u", service});
  wait_status([](auto s) { return s.pid != 0 && s.want == 'u'; });
  client({clients.svstat, service});
  client({clients.svc, "-p", service});
  wait_status([](auto s) { return s.paused == 1; });
  client({clients.svstat, service});
  client({clients.svc, "-c", service});
  wait_status([](auto s) { return s.paused == 0; });
  client({clients.svstat, service});
  uint32_t first = ReadStatus(service)->pid;
  client({clients.svc, "-t", service});
  wait_status([&](auto s) { return s.pid != 0 && s.pid != first; });
  client({clients.svstat, service});
  client({clients.svc, "-d", service});
  wait_status([](auto s) { return s.pid == 0 && s.want == 'd'; });
  client({clients.svstat, service});
  client({clients.svc, "-o", service});
  wait_status([](auto s) { return s.pid != 0 && s.want == 0; });
  client({clients.svstat, service});
  client({clients.svc, "-k", service});
  wait_status([](auto s) { return s.pid == 0; });
  client({clients.svstat, service});
  client({clients.svc, "-dx", service});
  std::optional<int> status = processes.Wait(supervise, 10000);
  out += status && WIFEXITED(*status)
             ? "supervise exit " + std::to_string(WEXITSTATUS(*status)) + "\n"
             : "supervise did not exit\n";
  client({clients.svok, service});
  client({clients.svstat, service});
  client({clients.svc, "-u", service});
  std::string pids = ReadFile(service + "/pids");
  out +=
      "starts: " + std::to_string(std::count(pids.begin(), pids.end(), '\n')) +
      "\n";
  return out;
}

TEST_P(CrossMatrixTest, TranscriptMatchesTheReference) {
  if (!ReferenceInstalled()) {
    GTEST_SKIP() << "reference daemontools not installed (make deps)";
  }
  Pairing pairing = GetParam();
  Suite supervisor =
      pairing.reference_supervise ? ReferenceSuite() : OurSuite();
  Suite clients = pairing.reference_clients ? ReferenceSuite() : OurSuite();
  std::string expected = Transcript(ReferenceSuite(), ReferenceSuite());
  std::string actual = Transcript(supervisor, clients);
  EXPECT_EQ(actual, expected);
  // The scenario really exercised a running service.
  EXPECT_NE(expected.find("up (pid x) x seconds, normally down, paused"),
            std::string::npos)
      << expected;
}

INSTANTIATE_TEST_SUITE_P(
    Pairings, CrossMatrixTest,
    testing::Values(Pairing{false, false}, Pairing{false, true},
                    Pairing{true, false}),
    [](const testing::TestParamInfo<Pairing>& info) {
      return std::string(info.param.reference_supervise ? "theirSupervise"
                                                        : "ourSupervise") +
             "_" +
             (info.param.reference_clients ? "theirClients" : "ourClients");
    });

}  // namespace
}  // namespace tests
