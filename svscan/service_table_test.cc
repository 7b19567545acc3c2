#include "svscan/service_table.h"

#include <gtest/gtest.h>

namespace svscan {
namespace {

TEST(ServiceTableTest, FindsByDeviceAndInodeNotName) {
  ServiceTable table;
  table.Add({1, 10}, "a");
  ASSERT_NE(table.Find({1, 10}), nullptr);
  EXPECT_EQ(table.Find({1, 10})->name, "a");
  EXPECT_EQ(table.Find({2, 10}), nullptr);
  EXPECT_EQ(table.Find({1, 11}), nullptr);
}

TEST(ServiceTableTest, ChildExitClearsTheRightSlot) {
  ServiceTable table;
  table.Add({1, 10}, "a").has_log = true;
  table.Started({1, 10}, false, 100, 0);
  table.Started({1, 10}, true, 101, 0);
  Service* service = table.ChildExited(101);
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->main.pid, 100);
  EXPECT_EQ(service->log.pid, 0);
  EXPECT_EQ(table.ChildExited(555), nullptr);
  EXPECT_EQ(table.ChildExited(101), nullptr);
}

TEST(ServiceTableTest, GoneServicesAreForgottenOnlyWhenNothingRuns) {
  ServiceTable table;
  table.Add({1, 10}, "a");
  table.Add({1, 11}, "b");
  table.Started({1, 10}, false, 100, 0);
  table.MarkAllInactive();
  EXPECT_EQ(table.ForgetGone(), 1u);  // b: inactive and idle
  EXPECT_NE(table.Find({1, 10}), nullptr);
  table.ChildExited(100);
  EXPECT_EQ(table.ForgetGone(), 1u);
  EXPECT_EQ(table.size(), 0u);
}

TEST(ServiceTableTest, ActiveServicesStay) {
  ServiceTable table;
  table.Add({1, 10}, "a");
  table.MarkAllInactive();
  table.Find({1, 10})->active = true;
  EXPECT_EQ(table.ForgetGone(), 0u);
}

}  // namespace
}  // namespace svscan
