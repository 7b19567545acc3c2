#include "svc/policy_exposure.h"

#include <gtest/gtest.h>

#include <map>

#include "sandbox/policy_summary.h"

namespace svc {
namespace {

sandbox::ResolvedPolicy Resolve(const std::string& text) {
  sandbox::ParseResult parsed = sandbox::ParsePolicy(text);
  EXPECT_TRUE(parsed.value) << parsed.error;
  sandbox::ResolvedPolicy resolved;
  std::string error;
  EXPECT_TRUE(sandbox::ResolvePolicy(*parsed.value, &resolved, &error))
      << error;
  return resolved;
}

std::map<std::string, Protection> States(const std::vector<ExposureRow>& rows) {
  std::map<std::string, Protection> states;
  for (const ExposureRow& row : rows) states[row.name] = row.state;
  return states;
}

TEST(PolicyExposureTest, NoPolicyIsUnsafe) {
  std::vector<ExposureRow> rows = ExposureOf(nullptr);
  Rating rating = RateExposure(rows);
  EXPECT_STREQ(rating.word, "UNSAFE");
  EXPECT_EQ(States(rows)["seccomp"], Protection::kOff);
  EXPECT_EQ(States(rows)["identity"], Protection::kOff);
}

TEST(PolicyExposureTest, RowsFollowThePolicy) {
  sandbox::ResolvedPolicy user_only = Resolve("user 65534\ngroup 65534\n");
  std::map<std::string, Protection> before = States(ExposureOf(&user_only));
  EXPECT_EQ(before["identity"], Protection::kOn);
  EXPECT_EQ(before["capabilities"], Protection::kOn);
  EXPECT_EQ(before["seccomp"], Protection::kOff);
  EXPECT_EQ(before["groups"], Protection::kOn);

  sandbox::ResolvedPolicy confined = Resolve(
      "user 65534\ngroup 65534\nseccomp allow @system-service\n"
      "rlimit nofile 64:128\numask 0027\n");
  std::vector<ExposureRow> rows = ExposureOf(&confined);
  std::map<std::string, Protection> after = States(rows);
  EXPECT_EQ(after["seccomp"], Protection::kOn);
  EXPECT_EQ(after["rlimits"], Protection::kOn);
  EXPECT_EQ(after["umask"], Protection::kOn);
  EXPECT_LT(RateExposure(rows).exposure,
            RateExposure(ExposureOf(&user_only)).exposure);
  // The classic keys alone leave the filesystem, namespaces and limits
  // the host's.
  EXPECT_STREQ(RateExposure(rows).word, "MEDIUM");

  sandbox::ResolvedPolicy deep = Resolve(
      "user 65534\ngroup 65534\nseccomp allow @system-service\n"
      "rlimit nofile 64:128\numask 0027\nprotect_system strict\n"
      "protect_home yes\nprivate_tmp yes\nlandlock_read /usr\n"
      "private_network yes\nprivate_ipc yes\nprivate_uts box\n"
      "cgroup no\n");
  std::map<std::string, Protection> deep_states = States(ExposureOf(&deep));
  for (const char* name :
       {"filesystem", "service_dir", "private_tmp", "protect_home", "landlock",
        "network", "ipc", "uts"}) {
    EXPECT_EQ(deep_states[name], Protection::kOn) << name;
  }
  EXPECT_EQ(deep_states["cgroup"], Protection::kOff);
  EXPECT_EQ(deep_states["limits"], Protection::kOff);

  sandbox::ResolvedPolicy deny =
      Resolve("user 65534\ngroup 65534\nseccomp deny @mount\n");
  EXPECT_EQ(States(ExposureOf(&deny))["seccomp"], Protection::kPartial);
}

TEST(PolicyExposureTest, SummaryNamesEverySetting) {
  sandbox::ResolvedPolicy policy = Resolve(
      "user 65534\ngroup 65534\ngroups none\ncapabilities net_bind_service\n"
      "seccomp_action errno EPERM\nseccomp deny @mount\n"
      "rlimit nofile 64:128\numask 027\n");
  std::string summary = sandbox::PolicySummary(policy);
  EXPECT_NE(summary.find("user 65534 group 65534 groups none"),
            std::string::npos)
      << summary;
  EXPECT_NE(summary.find("caps net_bind_service"), std::string::npos);
  EXPECT_NE(summary.find("nnp yes"), std::string::npos);
  EXPECT_NE(summary.find("seccomp deny "), std::string::npos);
  EXPECT_NE(summary.find("(errno 1)"), std::string::npos);
  EXPECT_NE(summary.find("rlimits nofile=64:128"), std::string::npos);
  EXPECT_NE(summary.find("umask 0027"), std::string::npos);
}

TEST(PolicyExposureTest, RatingWords) {
  std::vector<ExposureRow> rows(4);
  for (ExposureRow& row : rows) row.state = Protection::kOn;
  EXPECT_EQ(RateExposure(rows).exposure, 0.0);
  EXPECT_STREQ(RateExposure(rows).word, "OK");
  rows[0].state = rows[1].state = Protection::kOff;
  EXPECT_EQ(RateExposure(rows).exposure, 5.0);
  EXPECT_STREQ(RateExposure(rows).word, "MEDIUM");
}

}  // namespace
}  // namespace svc
