// Replays files through a fuzz target without libFuzzer. Under
// --config=fuzz (clang, ASan+UBSan) the *_corpus_test targets use it to
// replay each seed corpus in `make check`; in the normal build it keeps
// every target compiling. Usage: standalone_main FILE_OR_DIR...
// When an input crashes, the input's path is printed, so the failure
// names the file to look at.
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

// Provided by the sanitizer runtimes; absent (null) in the normal build.
extern "C" void __sanitizer_set_death_callback(void (*callback)(void))
    __attribute__((weak));

namespace {

const char* current_input = nullptr;

void NameCurrentInput() {
  if (current_input == nullptr) return;
  const char prefix[] = "crashing input: ";
  // Only write(2): this runs while the process dies.
  (void)!write(2, prefix, sizeof(prefix) - 1);
  (void)!write(2, current_input, std::strlen(current_input));
  (void)!write(2, "\n", 1);
}

void OnFatalSignal(int signal_number) {
  NameCurrentInput();
  ::signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void Collect(const std::string& path, std::vector<std::string>* files) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return;
  if (!S_ISDIR(info.st_mode)) {
    files->push_back(path);
    return;
  }
  DIR* directory = opendir(path.c_str());
  if (directory == nullptr) return;
  while (struct dirent* entry = readdir(directory)) {
    if (entry->d_name[0] == '.') continue;
    Collect(path + "/" + entry->d_name, files);
  }
  closedir(directory);
}

}  // namespace

int main(int argc, char** argv) {
  // A target's CHECK aborts, which the sanitizers leave alone.
  ::signal(SIGABRT, OnFatalSignal);
  if (__sanitizer_set_death_callback != nullptr) {
    __sanitizer_set_death_callback(NameCurrentInput);
  } else {
    // Without sanitizers, name the input on a crash ourselves (with them,
    // their own handlers must stay in place to print the report).
    for (int signal_number : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) {
      ::signal(signal_number, OnFatalSignal);
    }
  }
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) Collect(argv[i], &files);
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string data = buffer.str();
    current_input = file.c_str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()),
                           data.size());
    current_input = nullptr;
  }
  std::printf("replayed %zu inputs, none crashed\n", files.size());
  return files.empty() ? 1 : 0;
}
