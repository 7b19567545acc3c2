#include "svc/svwait_condition.h"

#include <gtest/gtest.h>

#include <vector>

namespace svc {
namespace {

ServiceView Running(
    uint32_t pid,
    std::optional<common::ReadinessRecord> readiness = std::nullopt) {
  ServiceView view;
  view.supervise_running = true;
  view.status = common::StatusRecord();
  view.status->pid = pid;
  view.readiness_file = readiness.has_value();
  view.readiness = readiness;
  return view;
}

TEST(SvwaitConditionTest, UpDownAndGoneNeedOnlyTheStatus) {
  EXPECT_EQ(Judge(WaitFor::kUp, Running(42)), Verdict::kMet);
  EXPECT_EQ(Judge(WaitFor::kDown, Running(42)), Verdict::kNotMet);
  EXPECT_EQ(Judge(WaitFor::kDown, Running(0)), Verdict::kMet);
  EXPECT_EQ(Judge(WaitFor::kGone, Running(0)), Verdict::kNotMet);
  ServiceView gone;
  EXPECT_EQ(Judge(WaitFor::kGone, gone), Verdict::kMet);
  EXPECT_EQ(Judge(WaitFor::kDown, gone), Verdict::kNotMet);
  EXPECT_EQ(Judge(WaitFor::kUp, gone), Verdict::kNotMet);
}

TEST(SvwaitConditionTest, ReadyNeedsARecordOfTheSameRun) {
  common::ReadinessRecord ready{42, uint64_t{5}, false, 0, ""};
  EXPECT_EQ(Judge(WaitFor::kReady, Running(42, ready)), Verdict::kMet);
  EXPECT_EQ(Judge(WaitFor::kReady, Running(43, ready)), Verdict::kNotMet);
  ready.ready_since.reset();
  EXPECT_EQ(Judge(WaitFor::kReady, Running(42, ready)), Verdict::kNotMet);
  EXPECT_EQ(Judge(WaitFor::kReady, Running(42)), Verdict::kNeedsOurSupervise);
  EXPECT_EQ(Judge(WaitFor::kFinished, Running(0)), Verdict::kNeedsOurSupervise);
  EXPECT_EQ(Judge(WaitFor::kFinished, Running(0, common::ReadinessRecord())),
            Verdict::kMet);
  EXPECT_EQ(Judge(WaitFor::kFinished, Running(0, ready)), Verdict::kNotMet);
}

TEST(SvwaitConditionTest, AllOrAny) {
  std::vector<Verdict> mixed = {Verdict::kMet, Verdict::kNotMet};
  EXPECT_FALSE(Satisfied(mixed, false));
  EXPECT_TRUE(Satisfied(mixed, true));
  std::vector<Verdict> all = {Verdict::kMet, Verdict::kMet};
  EXPECT_TRUE(Satisfied(all, false));
}

}  // namespace
}  // namespace svc
