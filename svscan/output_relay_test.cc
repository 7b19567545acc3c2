#include "svscan/output_relay.h"

#include <gtest/gtest.h>

namespace svscan {
namespace {

TEST(LineSplitterTest, PassesOnCompleteLinesAndKeepsThePartOfOne) {
  LineSplitter splitter;
  EXPECT_EQ(splitter.Feed("one\ntw"), "one\n");
  EXPECT_EQ(splitter.Feed("o\nthree\nfo"), "two\nthree\n");
  EXPECT_EQ(splitter.Feed("ur"), "");
  EXPECT_EQ(splitter.Finish(), "four");
  EXPECT_EQ(splitter.Finish(), "");
}

TEST(LineSplitterTest, BytesPassUnchanged) {
  LineSplitter splitter;
  std::string odd("a\0b\r\x1b[2J\n", 9);
  EXPECT_EQ(splitter.Feed(odd), odd);
}

TEST(LineSplitterTest, LongPartialLineIsPassedOnAtTheBound) {
  LineSplitter splitter;
  std::string chunk(LineSplitter::kMaxPartialLine - 1, 'x');
  EXPECT_EQ(splitter.Feed(chunk), "");
  EXPECT_EQ(splitter.Feed("yz"), chunk + "yz");
  EXPECT_EQ(splitter.Feed("\n"), "\n");
}

TEST(OutputQueueTest, KeepsOrderAndTarget) {
  OutputQueue queue(100);
  queue.Push(1, "out\n");
  queue.Push(2, "err\n");
  queue.Push(1, "");
  auto first = queue.Pop();
  auto second = queue.Pop();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->fd, 1);
  EXPECT_EQ(first->bytes, "out\n");
  EXPECT_EQ(second->fd, 2);
  EXPECT_EQ(second->bytes, "err\n");
  EXPECT_FALSE(queue.Pop());
}

TEST(OutputQueueTest, DropsWhatDoesNotFitAndSaysHowMuchOnceThereIsRoom) {
  OutputQueue queue(80);
  queue.Push(1, std::string(60, 'a') + "\n");
  queue.Push(1, "b\nc\nd\n");  // fits, but the queue is nearly full
  queue.Push(1, std::string(30, 'e'));
  EXPECT_EQ(queue.dropped_lines(), 1u);
  queue.Push(1, "f\n");  // nothing after a gap goes before the warning
  EXPECT_EQ(queue.dropped_lines(), 2u);
  ASSERT_EQ(queue.Pop()->bytes, std::string(60, 'a') + "\n");
  EXPECT_EQ(queue.Pop()->bytes, "b\nc\nd\n");
  queue.Push(1, "g\n");
  auto notice = queue.Pop();
  ASSERT_TRUE(notice);
  EXPECT_EQ(notice->fd, 2);
  EXPECT_EQ(notice->bytes,
            "svscan: warning: dropped 2 lines: output not taken in time\n");
  EXPECT_EQ(queue.Pop()->bytes, "g\n");
  EXPECT_EQ(queue.dropped_lines(), 0u);
}

TEST(OutputQueueTest, ReportDropsAloneQueuesTheWarning) {
  OutputQueue queue(10);
  queue.Push(2, std::string(20, 'x'));
  EXPECT_TRUE(queue.empty());
  queue.ReportDrops();  // does not fit either
  EXPECT_TRUE(queue.empty());
  OutputQueue roomy(100);
  roomy.Push(2, std::string(200, 'x') + "\n\n");
  roomy.ReportDrops();
  EXPECT_EQ(roomy.Pop()->bytes,
            "svscan: warning: dropped 2 lines: output not taken in time\n");
}

}  // namespace
}  // namespace svscan
