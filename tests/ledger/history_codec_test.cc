#include "ledger/history_codec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace offergraph::history_codec {
namespace {

using ::testing::ElementsAre;

const absl::Time kT0 = absl::FromUnixSeconds(1800000000);

CustomerState Complaint() {
  CustomerState s;
  s.complaint_open = true;
  return s;
}

TEST(HistoryCodecTest, DecodesEventsInTimeOrderAndTheLastState) {
  const std::string value = Event(kPresented, kT0 + absl::Seconds(2), "BAG") +
                            State(Complaint()) +
                            Event(kPresented, kT0 + absl::Seconds(1), "BAG") +
                            Event(kResponse, kT0, "") + State(CustomerState()) +
                            Event(kDeclined, kT0 + absl::Seconds(3), "BAG") +
                            Event(kAccepted, kT0 + absl::Seconds(4), "PRO");
  ContactHistory h;
  Decode(value, absl::InfinitePast(), absl::InfinitePast(), &h);
  EXPECT_THAT(h.offer_responses, ElementsAre(kT0));
  EXPECT_THAT(h.skus.at("BAG").presented,
              ElementsAre(kT0 + absl::Seconds(1), kT0 + absl::Seconds(2)));
  EXPECT_EQ(h.skus.at("BAG").last_declined, kT0 + absl::Seconds(3));
  EXPECT_EQ(h.last_accepted, kT0 + absl::Seconds(4));
  EXPECT_FALSE(h.state.complaint_open);  // the later, all-false state wins
  EXPECT_EQ(CountRecords(value), 5);     // events only: state is all-false
}

TEST(HistoryCodecTest, DecodeLeavesOutOldEventsAndOldResponses) {
  const std::string value = Event(kPresented, kT0, "BAG") +
                            Event(kResponse, kT0 + absl::Hours(1), "") +
                            Event(kPresented, kT0 + absl::Hours(2), "BAG");
  ContactHistory h;
  Decode(value, kT0 + absl::Minutes(1), kT0 + absl::Hours(2), &h);
  EXPECT_THAT(h.skus.at("BAG").presented, ElementsAre(kT0 + absl::Hours(2)));
  EXPECT_TRUE(h.offer_responses.empty());
}

TEST(HistoryCodecTest, TrimDropsOldEventsAndKeepsOnlyTheLastState) {
  const std::string value = State(CustomerState()) +
                            Event(kPresented, kT0, "A") + State(Complaint()) +
                            Event(kPresented, kT0 + absl::Hours(1), "B");
  const std::string trimmed = Trim(value, kT0 + absl::Minutes(1));
  EXPECT_EQ(trimmed,
            Event(kPresented, kT0 + absl::Hours(1), "B") + State(Complaint()));
  EXPECT_EQ(CountRecords(trimmed), 2);
  // An all-false last state is the same as none.
  EXPECT_EQ(Trim(State(Complaint()) + State(CustomerState()), kT0), "");
}

TEST(HistoryCodecTest, MalformedTailIsIgnored) {
  std::string value = Event(kAccepted, kT0, "BAG");
  value += Event(kAccepted, kT0 + absl::Hours(1), "BAG").substr(0, 5);
  ContactHistory h;
  Decode(value, absl::InfinitePast(), absl::InfinitePast(), &h);
  EXPECT_EQ(h.last_accepted, kT0);
  EXPECT_EQ(CountRecords(value), 1);
}

}  // namespace
}  // namespace offergraph::history_codec
