// Replays files through a fuzz target without libFuzzer, so every target
// builds and runs in the normal (gcc) build as a regression test of its
// corpus. Usage: standalone_main FILE_OR_DIR...
#include <dirent.h>
#include <sys/stat.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

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
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) Collect(argv[i], &files);
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string data = buffer.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()),
                           data.size());
  }
  std::printf("replayed %zu inputs, none crashed\n", files.size());
  return files.empty() ? 1 : 0;
}
