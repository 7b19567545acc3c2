#include "svscan/baseline.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sandbox/identity.h"
#include "sandbox/policy.h"
#include "sandbox/seccomp_filter.h"
#include "svscan/default_baseline.h"

namespace {

// LoadBaseline reads ./.baseline: each test runs in a directory of its own.
class InDirectory {
 public:
  InDirectory() {
    char pattern[] = "/tmp/baseline_test.XXXXXX";
    dir_ = mkdtemp(pattern);
    old_ = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    EXPECT_EQ(chdir(dir_.c_str()), 0);
  }
  ~InDirectory() {
    EXPECT_EQ(fchdir(old_), 0);
    close(old_);
    unlink((dir_ + "/.baseline").c_str());
    rmdir(dir_.c_str());
  }

 private:
  std::string dir_;
  int old_ = -1;
};

// kDefaultBaseline through the parser and libseccomp, here and now.
struct Compiled {
  sandbox::SeccompPolicy seccomp;
  sandbox::CompiledFilter filter;
};

Compiled CompiledNow() {
  Compiled compiled;
  sandbox::ParseResult parsed = sandbox::ParsePolicy(svscan::kDefaultBaseline);
  if (!parsed.value) {
    ADD_FAILURE() << parsed.error;
    return compiled;
  }
  compiled.seccomp = parsed.value->seccomp;
  std::string error;
  EXPECT_TRUE(
      sandbox::CompileSeccomp(compiled.seccomp, &compiled.filter, &error))
      << error;
  return compiled;
}

bool SameProgram(const std::vector<struct sock_filter>& a,
                 const std::vector<struct sock_filter>& b) {
  return a.size() == b.size() &&
         std::equal(
             a.begin(), a.end(), b.begin(),
             [](const struct sock_filter& x, const struct sock_filter& y) {
               return x.code == y.code && x.jt == y.jt && x.jf == y.jf &&
                      x.k == y.k;
             });
}

// The table the build made is what libseccomp compiles from the text now:
// the generator and svscan cannot drift apart.
TEST(DefaultBaseline, TableIsTheCompiledText) {
  InDirectory here;
  sandbox::ResolvedPolicy loaded;
  std::vector<int> keep;
  std::string error;
  ASSERT_TRUE(svscan::LoadBaseline(&loaded, &keep, &error)) << error;
  Compiled expected = CompiledNow();
  ASSERT_FALSE(expected.filter.program.empty());
  EXPECT_TRUE(SameProgram(loaded.filter.program, expected.filter.program));
  EXPECT_EQ(loaded.policy.seccomp.mode, expected.seccomp.mode);
  EXPECT_EQ(loaded.policy.seccomp.action, expected.seccomp.action);
  EXPECT_EQ(loaded.policy.seccomp.syscalls, expected.seccomp.syscalls);
  EXPECT_FALSE(loaded.policy.ChangesIdentity());
  EXPECT_FALSE(loaded.uid);
  EXPECT_FALSE(loaded.gid);
  // Every capability but module loading and reboot stays.
  EXPECT_EQ(keep.size(), static_cast<size_t>(CAP_LAST_CAP + 1 - 2));
  EXPECT_EQ(std::count(keep.begin(), keep.end(), CAP_SYS_MODULE), 0);
  EXPECT_EQ(std::count(keep.begin(), keep.end(), CAP_SYS_BOOT), 0);
}

TEST(DefaultBaseline, DeniesModuleLoading) {
  Compiled expected = CompiledNow();
  const std::vector<std::string>& names = expected.seccomp.syscalls;
  EXPECT_NE(std::find(names.begin(), names.end(), "init_module"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "reboot"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "swapon"), names.end());
}

// A .baseline file still goes through the parser and libseccomp.
TEST(DefaultBaseline, FileReplacesTheDefault) {
  if (geteuid() != 0) GTEST_SKIP() << ".baseline must be owned by root";
  InDirectory here;
  int fd = open(".baseline", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  const char text[] = "seccomp deny reboot\n";
  ASSERT_EQ(write(fd, text, sizeof(text) - 1),
            static_cast<ssize_t>(sizeof(text) - 1));
  close(fd);
  sandbox::ResolvedPolicy loaded;
  std::vector<int> keep;
  std::string error;
  ASSERT_TRUE(svscan::LoadBaseline(&loaded, &keep, &error)) << error;
  EXPECT_EQ(loaded.policy.seccomp.syscalls, std::vector<std::string>{"reboot"});
  EXPECT_FALSE(loaded.filter.program.empty());
  EXPECT_FALSE(
      SameProgram(loaded.filter.program, CompiledNow().filter.program));
  EXPECT_EQ(keep.size(), static_cast<size_t>(CAP_LAST_CAP + 1));
}

}  // namespace
