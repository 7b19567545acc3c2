#include "common/safe_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

namespace common {
namespace {

class SafeFileTest : public testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/safe_file_test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    path_ = pattern;
    dir_.Reset(open(path_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ASSERT_TRUE(dir_.valid());
    victim_ = path_ + "/victim";
    Write("victim", "secret\n", 0600);
  }
  void TearDown() override {
    std::string command = "rm -rf '" + path_ + "'";
    ASSERT_EQ(system(command.c_str()), 0);
  }
  void Write(const char* name, const std::string& text, mode_t mode) {
    UniqueFd fd(openat(dir_.get(), name, O_WRONLY | O_CREAT | O_TRUNC, mode));
    ASSERT_TRUE(fd.valid());
    ASSERT_EQ(write(fd.get(), text.data(), text.size()),
              static_cast<ssize_t>(text.size()));
    ASSERT_EQ(fchmod(fd.get(), mode), 0);
  }
  std::string Read(const char* name) {
    UniqueFd fd(openat(dir_.get(), name, O_RDONLY));
    std::string text;
    EXPECT_TRUE(fd.valid());
    EXPECT_TRUE(ReadUpTo(fd.get(), 4096, &text));
    return text;
  }
  void Link(const char* name) {
    ASSERT_EQ(symlinkat(victim_.c_str(), dir_.get(), name), 0);
  }

  std::string path_;
  std::string victim_;
  UniqueFd dir_;
};

TEST_F(SafeFileTest, OpensARegularFile) {
  Write("status", "abc", 0644);
  CheckedFile file =
      OpenChecked(dir_.get(), "status", O_RDONLY, FileType::kRegular, 0, true);
  ASSERT_TRUE(file.ok()) << file.Reason();
  EXPECT_EQ(file.info.st_size, 3);
}

TEST_F(SafeFileTest, RefusesASymbolicLinkForEveryType) {
  Link("control");
  for (FileType type :
       {FileType::kRegular, FileType::kFifo, FileType::kDirectory}) {
    CheckedFile file = OpenChecked(dir_.get(), "control", O_WRONLY, type);
    EXPECT_FALSE(file.ok());
    EXPECT_EQ(file.Reason(), "symbolic link");
  }
  EXPECT_EQ(Read("victim"), "secret\n");
}

TEST_F(SafeFileTest, CreatingThroughALinkIsRefused) {
  Link("lock");
  CheckedFile file = OpenChecked(dir_.get(), "lock", O_WRONLY | O_CREAT,
                                 FileType::kRegular, 0600);
  EXPECT_FALSE(file.ok());
  EXPECT_EQ(file.Reason(), "symbolic link");
  struct stat info;
  ASSERT_EQ(stat(victim_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
}

TEST_F(SafeFileTest, AFifoIsNotARegularFileAndOpensWithoutBlocking) {
  ASSERT_EQ(mkfifoat(dir_.get(), "status", 0600), 0);
  // No writer exists: a blocking open would hang here.
  CheckedFile file =
      OpenChecked(dir_.get(), "status", O_RDONLY, FileType::kRegular);
  EXPECT_FALSE(file.ok());
  EXPECT_EQ(file.Reason(), "not a regular file");
  CheckedFile fifo =
      OpenChecked(dir_.get(), "status", O_RDONLY, FileType::kFifo);
  EXPECT_TRUE(fifo.ok()) << fifo.Reason();
}

TEST_F(SafeFileTest, AFifoWithoutReaderReportsNoSuchDevice) {
  ASSERT_EQ(mkfifoat(dir_.get(), "control", 0600), 0);
  CheckedFile file =
      OpenChecked(dir_.get(), "control", O_WRONLY, FileType::kFifo);
  EXPECT_FALSE(file.ok());
  EXPECT_EQ(file.error, ENXIO);
}

TEST_F(SafeFileTest, ARegularFileIsNotAFifo) {
  Write("control", "", 0600);
  CheckedFile file =
      OpenChecked(dir_.get(), "control", O_WRONLY, FileType::kFifo);
  EXPECT_FALSE(file.ok());
  EXPECT_EQ(file.Reason(), "not a FIFO");
}

TEST_F(SafeFileTest, ADirectoryAndADeviceAreRefused) {
  ASSERT_EQ(mkdirat(dir_.get(), "refused", 0700), 0);
  EXPECT_EQ(
      OpenChecked(dir_.get(), "refused", O_RDONLY, FileType::kRegular).Reason(),
      "not a regular file");
  UniqueFd root(open("/dev", O_RDONLY | O_DIRECTORY));
  CheckedFile device =
      OpenChecked(root.get(), "null", O_RDONLY, FileType::kRegular);
  EXPECT_FALSE(device.ok());
  EXPECT_EQ(device.Reason(), "not a regular file");
  EXPECT_EQ(OpenChecked(root.get(), "null", O_RDONLY, FileType::kFifo).Reason(),
            "not a FIFO");
}

TEST_F(SafeFileTest, MissingIsReportedAsMissing) {
  CheckedFile file =
      OpenChecked(dir_.get(), "absent", O_RDONLY, FileType::kRegular);
  EXPECT_TRUE(file.missing());
  EXPECT_EQ(file.Reason(), "file does not exist");
}

TEST_F(SafeFileTest, AHardLinkedFileIsRefusedWhenOneLinkIsRequired) {
  ASSERT_EQ(linkat(dir_.get(), "victim", dir_.get(), "refused", 0), 0);
  EXPECT_EQ(
      OpenChecked(dir_.get(), "refused", O_RDONLY, FileType::kRegular, 0, true)
          .Reason(),
      "more than one hard link");
  EXPECT_TRUE(
      OpenChecked(dir_.get(), "refused", O_RDONLY, FileType::kRegular).ok());
}

TEST_F(SafeFileTest, TrustNeedsRootOrTheOwnerAndNoGroupWrite) {
  struct stat info {};
  info.st_uid = 0;
  info.st_mode = S_IFDIR | 0755;
  EXPECT_EQ(TrustProblem(info, 1000), nullptr);
  info.st_uid = 1000;
  EXPECT_EQ(TrustProblem(info, 1000), nullptr);
  info.st_uid = 1001;
  EXPECT_STREQ(TrustProblem(info, 1000), "owned by another account");
  info.st_uid = 0;
  info.st_mode = S_IFDIR | 0775;
  EXPECT_STREQ(TrustProblem(info, 1000), "writable by group or others");
  info.st_mode = S_IFDIR | 02750;  // svgroup's delegation: readable only
  EXPECT_EQ(TrustProblem(info, 1000), nullptr);
}

TEST_F(SafeFileTest, TrustedDirectoryChecksARealDirectory) {
  ASSERT_EQ(mkdirat(dir_.get(), "supervise", 0700), 0);
  EXPECT_TRUE(OpenTrustedDirectory(dir_.get(), "supervise", 1234).ok());
  ASSERT_EQ(fchmodat(dir_.get(), "supervise", 0770, 0), 0);
  EXPECT_EQ(OpenTrustedDirectory(dir_.get(), "supervise", 1234).Reason(),
            "writable by group or others");
  Write("file", "", 0600);
  EXPECT_EQ(OpenTrustedDirectory(dir_.get(), "file", 1234).Reason(),
            "not a directory");
}

TEST_F(SafeFileTest, TrustedDirectoryFollowsALinkOnlyToATrustedPlace) {
  ASSERT_EQ(mkdirat(dir_.get(), "elsewhere", 0700), 0);
  ASSERT_EQ(symlinkat((path_ + "/elsewhere").c_str(), dir_.get(), "supervise"),
            0);
  CheckedFile good = OpenTrustedDirectory(dir_.get(), "supervise", getuid());
  EXPECT_TRUE(good.ok()) << good.Reason();
  ASSERT_EQ(fchmodat(dir_.get(), "elsewhere", 0777, 0), 0);
  CheckedFile open_to_all =
      OpenTrustedDirectory(dir_.get(), "supervise", getuid());
  EXPECT_FALSE(open_to_all.ok());
  EXPECT_EQ(open_to_all.Reason(), "writable by group or others");
  ASSERT_EQ(fchmodat(dir_.get(), "elsewhere", 0700, 0), 0);
  // Bazel's sandbox maps root alone: there a file cannot be given away.
  if (fchownat(dir_.get(), "elsewhere", 65534, 65534, 0) != 0) {
    GTEST_SKIP() << "needs real root to give a file away";
  }
  CheckedFile foreign = OpenTrustedDirectory(dir_.get(), "supervise", 1234);
  EXPECT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.Reason(), "linked to a directory of another account");
  EXPECT_TRUE(OpenTrustedDirectory(dir_.get(), "supervise", 65534).ok());
  // A link from an account's tree to a root directory is refused too: it
  // would turn a root tool run on that tree against a root service.
  ASSERT_EQ(fchownat(dir_.get(), "elsewhere", 0, 0, 0), 0);
  EXPECT_FALSE(OpenTrustedDirectory(dir_.get(), "supervise", 65534).ok());
  EXPECT_TRUE(OpenTrustedDirectory(dir_.get(), "supervise", 0).ok());
}

TEST_F(SafeFileTest, ReplaceWritesAtomicallyAndNeverThroughALink) {
  Link("status.new");
  Write("status", "old", 0644);
  const char* step = nullptr;
  ASSERT_TRUE(
      ReplaceFile(dir_.get(), "status", "status.new", "new", 0644, true, &step))
      << step;
  EXPECT_EQ(Read("status"), "new");
  EXPECT_EQ(Read("victim"), "secret\n");
  struct stat info;
  ASSERT_EQ(fstatat(dir_.get(), "status", &info, AT_SYMLINK_NOFOLLOW), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode));
  EXPECT_EQ(info.st_mode & 07777, 0644u);
  EXPECT_NE(faccessat(dir_.get(), "status.new", F_OK, AT_SYMLINK_NOFOLLOW), 0);
}

TEST_F(SafeFileTest, ReplaceSetsTheExactModeWhateverTheUmask) {
  mode_t old = umask(077);
  EXPECT_TRUE(
      ReplaceFile(dir_.get(), "deaths", "deaths.new", "1\n", 0644, false));
  umask(old);
  struct stat info;
  ASSERT_EQ(fstatat(dir_.get(), "deaths", &info, 0), 0);
  EXPECT_EQ(info.st_mode & 07777, 0644u);
}

TEST_F(SafeFileTest, ReplaceReportsTheFailedStep) {
  ASSERT_EQ(mkdirat(dir_.get(), "status", 0700), 0);
  ASSERT_EQ(mkdirat(dir_.get(), "status/x", 0700), 0);
  const char* step = nullptr;
  EXPECT_FALSE(
      ReplaceFile(dir_.get(), "status", "status.new", "x", 0644, false, &step));
  EXPECT_STREQ(step, "rename");
  EXPECT_NE(faccessat(dir_.get(), "status.new", F_OK, AT_SYMLINK_NOFOLLOW), 0);
}

TEST(PrintableTest, ReplacesControlBytesAndCaps) {
  EXPECT_EQ(Printable("x\033]0;title\007\033[2J", 100), "x?]0;title??[2J");
  EXPECT_EQ(Printable("abcdef", 3), "abc");
  EXPECT_EQ(Printable("caf\xc3\xa9", 10), "caf??");
}

}  // namespace
}  // namespace common
