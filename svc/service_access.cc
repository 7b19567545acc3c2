#include "svc/service_access.h"

#include <fcntl.h>
#include <unistd.h>

namespace svc {

common::CheckedFile OpenSupervise() {
  struct stat service;
  if (fstatat(AT_FDCWD, ".", &service, 0) != 0) {
    common::CheckedFile failed;
    failed.error = errno;
    return failed;
  }
  return common::OpenTrustedDirectory(AT_FDCWD, "supervise", service.st_uid);
}

std::string FailureText(const common::CheckedFile& file,
                        std::string_view name) {
  if (file.refusal == nullptr) return std::string(file.Reason());
  return "supervise/" + std::string(name) + " " + std::string(file.Reason());
}

std::string ReadFirstLine(const common::CheckedFile& supervise,
                          const char* name, size_t limit) {
  common::CheckedFile file =
      common::OpenChecked(supervise.fd.get(), name, O_RDONLY,
                          common::FileType::kRegular, 0, /*single_link=*/true);
  if (!file.ok()) return "";
  if (file.info.st_uid != 0 && file.info.st_uid != supervise.info.st_uid) {
    return "";
  }
  std::string text;
  if (!common::ReadUpTo(file.fd.get(), limit, &text)) return "";
  return common::Printable(text.substr(0, text.find('\n')), limit);
}

}  // namespace svc
