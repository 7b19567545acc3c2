#include "svc/svstat_report.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace svc {
namespace {

ServiceReport Up() {
  ServiceReport report;
  report.outcome = ServiceReport::kStatus;
  report.dir = "web";
  report.record.stamp.seconds = 1000;
  report.record.pid = 42;
  report.record.want = 'u';
  report.now_seconds = 1005;
  return report;
}

TEST(SvstatReportTest, PlainIsTheZeroSevenSixLine) {
  EXPECT_EQ(FormatPlain(Up()), "web: up (pid 42) 5 seconds\n");
  ServiceReport down = Up();
  down.record.pid = 0;
  down.refused = "policy: line 1: unknown setting x";
  down.deaths = "3";
  EXPECT_EQ(FormatPlain(down),
            "web: down 5 seconds, normally up, want up, refused: policy: line "
            "1: unknown setting x, 3 recent deaths\n");
  ServiceReport gone;
  gone.dir = "x";
  gone.outcome = ServiceReport::kNotRunning;
  EXPECT_EQ(FormatPlain(gone), "x: supervise not running\n");
  gone.outcome = ServiceReport::kError;
  gone.error = "unable to chdir: file does not exist";
  EXPECT_EQ(FormatPlain(gone), "x: unable to chdir: file does not exist\n");
}

TEST(SvstatReportTest, VerboseAddsTheLastExitAndPolicy) {
  ServiceReport report = Up();
  report.last_exit = common::ExitRecord{true, SIGSYS, false, 2500};
  report.confinement = "user 65534 group 65534";
  EXPECT_EQ(FormatVerbose(report),
            "web: up (pid 42) 5 seconds\n"
            "  last exit: signal SYS, killed by its seccomp filter after 2 "
            "seconds up\n"
            "  policy: user 65534 group 65534\n");
  report.last_exit = common::ExitRecord{false, 1, false, 0};
  report.deaths = "5 given-up";
  report.confinement.clear();
  EXPECT_EQ(FormatVerbose(report),
            "web: up (pid 42) 5 seconds, given up after 5 deaths\n"
            "  last exit: exit 1 after 0 seconds up\n"
            "  restart-policy: 5 recent deaths, given up\n");
}

TEST(SvstatReportTest, JsonHasStableFields) {
  ServiceReport report = Up();
  report.last_exit = common::ExitRecord{true, SIGSYS, true, 7};
  EXPECT_EQ(FormatJson(report),
            "{\"dir\":\"web\",\"supervise\":true,\"state\":\"up\",\"pid\":42,"
            "\"seconds\":5,\"normally\":\"up\",\"paused\":false,\"want\":"
            "\"up\",\"refused\":null,\"recent_deaths\":null,\"given_up\":"
            "false,\"last_exit\":{\"signal\":31,\"signal_name\":\"SYS\","
            "\"core\":true,\"seccomp\":true,\"ran_ms\":7},\"policy\":null,"
            "\"ready\":null,\"ready_seconds\":null,\"stopping\":false,"
            "\"main_pid\":null,\"notify_status\":null}\n");
  ServiceReport error;
  error.dir = "a\"b";
  error.error = "unable to chdir: x";
  EXPECT_EQ(FormatJson(error),
            "{\"dir\":\"a\\\"b\",\"supervise\":null,\"error\":\"unable to "
            "chdir: x\"}\n");
}

TEST(SvstatReportTest, ADeathsCountWithLeadingZerosIsIgnored) {
  ServiceReport report = Up();
  report.deaths = "012";
  EXPECT_EQ(FormatPlain(report), "web: up (pid 42) 5 seconds\n");
  EXPECT_NE(FormatJson(report).find("\"recent_deaths\":null"),
            std::string::npos);
}

TEST(SvstatReportTest, JsonStringEscapesEverythingButPrintableAscii) {
  EXPECT_EQ(JsonString("a\"\\\n\x1b\x7f\xc3\xa9"),
            "\"a\\\"\\\\\\u000a\\u001b\\u007f\\u00c3\\u00a9\"");
}

TEST(SvstatReportTest, ReadinessOfTheRunShown) {
  ServiceReport report = Up();
  report.readiness =
      common::ReadinessRecord{42, uint64_t{1002}, true, 43, "serving"};
  EXPECT_EQ(FormatPlain(report), "web: up (pid 42) 5 seconds\n");
  EXPECT_EQ(FormatVerbose(report),
            "web: up (pid 42) 5 seconds\n  ready 3 seconds\n  stopping\n"
            "  main pid 43\n  notify status: serving\n");
  std::string json = FormatJson(report);
  EXPECT_NE(json.find(",\"ready\":true,\"ready_seconds\":3,\"stopping\":true,"
                      "\"main_pid\":43,\"notify_status\":\"serving\"}"),
            std::string::npos)
      << json;
  report.readiness = common::ReadinessRecord{42, std::nullopt, false, 0, ""};
  EXPECT_EQ(FormatVerbose(report), "web: up (pid 42) 5 seconds\n  not ready\n");
  // A record about another run (or a down service) says nothing.
  report.readiness->pid = 41;
  EXPECT_EQ(FormatVerbose(report), "web: up (pid 42) 5 seconds\n");
  EXPECT_NE(FormatJson(report).find(",\"ready\":null,"), std::string::npos);
}

}  // namespace
}  // namespace svc
