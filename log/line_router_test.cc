#include "log/line_router.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace log_tools {
namespace {

struct Recorder : LineOutput {
  std::map<size_t, std::string> directories;
  std::string stderr_text;
  std::map<size_t, std::string> status;
  void ToDirectory(size_t directory, std::string_view bytes) override {
    directories[directory].append(bytes);
  }
  void ToStderr(std::string_view line) override { stderr_text.append(line); }
  void ToStatusFile(size_t file, std::string_view record) override {
    status[file] = std::string(record);
  }
};

Script Parse(std::vector<std::string_view> arguments) {
  return ParseScript(arguments);
}

TEST(LineRouterTest, SelectionPerDirectory) {
  Script script = Parse({"./all", "-*", "+err*", "./errors", "-*x", "./rest"});
  LineRouter router(script);
  Recorder out;
  router.Feed("error one\nfine\nerr", "", out);
  router.Feed("or x\n", "", out);
  EXPECT_EQ(out.directories[0], "error one\nfine\nerror x\n");
  EXPECT_EQ(out.directories[1], "error one\nerror x\n");
  EXPECT_EQ(out.directories[2], "error one\n");  // "*x" needs an x
}

TEST(LineRouterTest, PartialLastLineGetsANewline) {
  Script script = Parse({"./d", "e"});
  LineRouter router(script);
  Recorder out;
  router.Feed("one\ntwo", "", out);
  EXPECT_FALSE(router.at_line_start());
  router.Finish("", out);
  EXPECT_TRUE(router.at_line_start());
  EXPECT_EQ(out.directories[0], "one\ntwo\n");
  EXPECT_EQ(out.stderr_text, "one\ntwo\n");
}

TEST(LineRouterTest, WithoutPatternsBytesFlowBeforeTheLineEnds) {
  Script script = Parse({"t", "./d"});
  LineRouter router(script);
  Recorder out;
  router.Feed("par", "@400000000000000000000001", out);
  EXPECT_EQ(out.directories[0], "@400000000000000000000001 par");
  router.Feed("tial\nnext\n", "@400000000000000000000002", out);
  EXPECT_EQ(out.directories[0],
            "@400000000000000000000001 partial\n"
            "@400000000000000000000002 next\n");
}

TEST(LineRouterTest, PatternsSeeOnlyTheFirstThousandBytes) {
  Script script = Parse({"-*", "+*a", "./d", "e", "=s"});
  LineRouter router(script);
  Recorder out;
  std::string line = std::string(999, 'x') + "a" + std::string(50, 'y');
  router.Feed(line + "\n", "", out);
  EXPECT_EQ(out.directories[0], line + "\n");  // the excess is still copied
  EXPECT_EQ(out.stderr_text, std::string(200, 'x') + "...\n");
  EXPECT_EQ(out.status[0], std::string(999, 'x') + "a" + std::string(1, '\n'));
}

TEST(LineRouterTest, StderrCutsAfterTwoHundredBytes) {
  Script script = Parse({"e"});
  LineRouter router(script);
  Recorder out;
  router.Feed(std::string(200, '1') + "\n" + std::string(201, '2') + "\n", "",
              out);
  EXPECT_EQ(out.stderr_text,
            std::string(200, '1') + "\n" + std::string(200, '2') + "...\n");
}

TEST(LineRouterTest, StatusRecordIsPaddedToAFixedSize) {
  Script script = Parse({"=s"});
  LineRouter router(script);
  Recorder out;
  router.Feed("one\ntwo\n", "", out);
  ASSERT_EQ(out.status[0].size(), kStatusRecordBytes);
  EXPECT_EQ(out.status[0], "two" + std::string(kStatusRecordBytes - 3, '\n'));
}

TEST(LineRouterTest, ByteByByteEqualsAllAtOnce) {
  Script script = Parse({"t", "-*o*", "./d", "e"});
  std::string input = "one\nzzz\n" + std::string(1500, 'q') + "\nlast";
  Recorder whole;
  LineRouter whole_router(script);
  whole_router.Feed(input, "@000000000000000000000000", whole);
  whole_router.Finish("@000000000000000000000000", whole);
  Recorder bytes;
  LineRouter bytes_router(script);
  for (char c : input) {
    bytes_router.Feed(std::string_view(&c, 1), "@000000000000000000000000",
                      bytes);
  }
  bytes_router.Finish("@000000000000000000000000", bytes);
  EXPECT_EQ(whole.directories, bytes.directories);
  EXPECT_EQ(whole.stderr_text, bytes.stderr_text);
}

}  // namespace
}  // namespace log_tools
