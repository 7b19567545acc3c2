// A probe run as a service's ./run (via exec) to report what the service
// can do: "probe status FILE" writes selected /proc/self/status lines to
// FILE; "probe bind PORT FILE" tries to bind 127.0.0.1:PORT and writes
// "bound" or "denied ERRNO"; "probe uname FILE" calls uname() and writes
// "ok" or "errno N" (a seccomp kill leaves FILE absent); "probe swapoff
// FILE" likewise for swapoff() of a path that does not exist. Then it sleeps,
// so the service stays up until told otherwise.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace {

void WriteResult(const std::string& file, const std::string& text) {
  std::string temporary = file + ".tmp";
  {
    std::ofstream out(temporary);
    out << text;
  }
  rename(temporary.c_str(), file.c_str());
}

std::string StatusLines() {
  std::ifstream status("/proc/self/status");
  std::string line, result;
  const char* fields[] = {
      "Uid:",        "Gid:",     "Groups:",         "CapInh:",
      "CapPrm:",     "CapEff:",  "CapBnd:",         "CapAmb:",
      "NoNewPrivs:", "Seccomp:", "Seccomp_filters:"};
  while (std::getline(status, line)) {
    for (const char* field : fields) {
      if (line.rfind(field, 0) == 0) result += line + "\n";
    }
  }
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 100;
  std::string mode = argv[1];
  if (mode == "status") {
    WriteResult(argv[2], StatusLines());
  } else if (mode == "bind" && argc >= 4) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in address = {};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(std::atoi(argv[2])));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
      WriteResult(argv[3], "bound\n");
    } else {
      WriteResult(argv[3], "denied " + std::to_string(errno) + "\n");
    }
  } else if (mode == "uname") {
    struct utsname name;
    if (uname(&name) == 0) {
      WriteResult(argv[2], "ok\n");
    } else {
      WriteResult(argv[2], "errno " + std::to_string(errno) + "\n");
    }
  } else if (mode == "swapoff") {
    // Harmless whatever the answer: the path does not exist.
    long rc = syscall(SYS_swapoff, "/nonexistent-swap-file");
    WriteResult(argv[2],
                rc == 0 ? "ok\n" : "errno " + std::to_string(errno) + "\n");
  } else {
    return 100;
  }
  for (;;) pause();
}
