// Regression (issue 15): with max_cart_lines raised to its limit of 100,000,
// a cart of distinct unknown skus took 17 s, because each unknown sku was
// looked for in the list of the ones before it (and each known line in the
// lines before it). The request path is linear in the cart now: a 100,000-
// line cart is answered well within a generous deadline.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server_fixture.h"
#include "testing/temp_dir.h"

namespace offergraph::testing {
namespace {

constexpr int kLines = 100000;

class LargeCartTest : public ServerFixture {
 protected:
  void SetUp() override {
    data_.CopyFrom(OFFERGRAPH_DEMO_DIR);
    data_.WriteFile("rules.textproto",
                    absl::StrCat("max_cart_lines: ", kLines, "\n"));
    // The demo catalog plus kLines plain products P-0, P-1, ...
    std::string catalog = ReadFileOrDie(data_.path() + "/catalog.csv");
    for (int i = 0; i < kLines; ++i) {
      absl::StrAppend(&catalog, "P-", i, ",Product ", i,
                      ",misc,1.00,USD,true,0.1,,,\n");
    }
    data_.WriteFile("catalog.csv", catalog);
    StartServer();
  }

  // Calls Suggest with a deadline far above what a linear request path needs
  // (tens of milliseconds here, more under sanitizers) and far below what
  // the quadratic one took.
  grpc::Status SuggestWithin(const v1::SuggestRequest& request,
                             absl::Duration deadline,
                             v1::SuggestResponse* response) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    const absl::Time start = absl::Now();
    grpc::Status s = offers_->Suggest(&context, request, response);
    std::printf("Suggest of %d lines: %.3f s\n", request.cart_size(),
                absl::ToDoubleSeconds(absl::Now() - start));
    return s;
  }
};

TEST_F(LargeCartTest, DistinctUnknownSkusAtTheLineLimit) {
  v1::SuggestRequest request;
  request.set_channel(v1::CHECKOUT);
  request.add_cart()->set_sku("LAPTOP-14");
  request.mutable_cart(0)->set_quantity(1);
  for (int i = 1; i < kLines; ++i) {
    v1::CartLine* line = request.add_cart();
    // Every tenth unknown sku repeats an earlier one: listed once.
    line->set_sku(absl::StrCat("UNKNOWN-", i % 10 == 0 ? i - 1 : i));
    line->set_quantity(1);
  }
  v1::SuggestResponse response;
  grpc::Status s = SuggestWithin(request, absl::Seconds(5), &response);
  ASSERT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
  EXPECT_GT(response.offers_size(), 0);
  ASSERT_EQ(response.unknown_skus_size(), (kLines - 1) - (kLines - 1) / 10);
  EXPECT_EQ(response.unknown_skus(0), "UNKNOWN-1");
  EXPECT_EQ(response.unknown_skus(8), "UNKNOWN-9");
  EXPECT_EQ(response.unknown_skus(9), "UNKNOWN-11");  // 10 repeated 9
}

TEST_F(LargeCartTest, DistinctKnownSkusAndRepeatsAtTheLineLimit) {
  // A laptop and a mouse, then distinct known products, each fifth line
  // repeating the one before it (merged).
  v1::SuggestRequest request;
  request.set_channel(v1::CHECKOUT);
  request.set_max_offers(10);
  for (const char* sku : {"LAPTOP-14", "MOUSE-WL"}) {
    v1::CartLine* line = request.add_cart();
    line->set_sku(sku);
    line->set_quantity(1);
  }
  for (int i = 2; i < kLines; ++i) {
    v1::CartLine* line = request.add_cart();
    line->set_sku(absl::StrCat("P-", i % 5 == 0 ? i - 1 : i));
    line->set_quantity(1);
  }
  v1::SuggestResponse response;
  grpc::Status s = SuggestWithin(request, absl::Seconds(5), &response);
  ASSERT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
  EXPECT_EQ(response.unknown_skus_size(), 0);
  EXPECT_GT(response.offers_size(), 0);
  for (const v1::Offer& offer : response.offers()) {
    EXPECT_NE(offer.sku(), "MOUSE-WL");  // in the cart
  }
}

}  // namespace
}  // namespace offergraph::testing
