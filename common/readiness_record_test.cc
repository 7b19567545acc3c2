#include "common/readiness_record.h"

#include <gtest/gtest.h>

namespace common {
namespace {

TEST(ReadinessRecordTest, RoundTrips) {
  ReadinessRecord down;
  ReadinessRecord ready{1234, uint64_t{4611686020000000000u}, true, 1240,
                        "serving: 3 clients"};
  for (const ReadinessRecord& record : {down, ready}) {
    std::optional<ReadinessRecord> parsed =
        ParseReadinessRecord(EncodeReadinessRecord(record));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, record);
  }
  EXPECT_EQ(EncodeReadinessRecord(down),
            "pid=0 ready=- stopping=0 main=0 status=\n");
}

TEST(ReadinessRecordTest, RefusesAnythingElse) {
  for (const char* text :
       {"", "pid=1", "pid=01 ready=- stopping=0 main=0 status=",
        "pid=1 ready=x stopping=0 main=0 status=",
        "pid=1 ready=- stopping=2 main=0 status=",
        "pid=1 ready=- stopping=0 main=0 status=\x01",
        "pid=1 ready=- stopping=0 main=0 status=a\nb",
        "pid=1 ready=- stopping=0 main=0"}) {
    EXPECT_FALSE(ParseReadinessRecord(text)) << text;
  }
}

}  // namespace
}  // namespace common
