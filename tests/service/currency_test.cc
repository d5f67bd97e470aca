// Money meets money only in one currency (issue 15), end to end: a real
// server on a catalog in USD, EUR and JPY, through a real client.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/server_fixture.h"

namespace offergraph::testing {
namespace {

using ::testing::ElementsAre;

class CurrencyTest : public ServerFixture {
 protected:
  void SetUp() override {
    data_.WriteFile("catalog.csv",
                    "sku,name,price,currency,margin,product_line,tier\n"
                    "LAPTOP,Laptop,899.00,USD,0.1,lap,1\n"
                    "LAPTOP-PRO,Laptop Pro,1199.00,USD,0.1,lap,2\n"
                    "BAG,Bag,49.00,USD,0.4,,\n"
                    "BAG-EU,Bag EU,45.00,EUR,0.4,,\n"
                    "CASE-JP,Case JP,500,JPY,0.9,,\n"
                    "LAPTOP-EU,Laptop EU,999.00,EUR,0.1,,\n");
    data_.WriteFile("edges.csv",
                    "from_sku,to_sku,kind,weight\n"
                    "LAPTOP,BAG,cross_sell,0.3\n"
                    "LAPTOP,BAG-EU,cross_sell,0.3\n"
                    "LAPTOP,CASE-JP,cross_sell,0.3\n"
                    "LAPTOP-EU,BAG-EU,cross_sell,0.3\n");
    StartServer();
  }

  static std::vector<std::string> Skus(const v1::SuggestResponse& r) {
    std::vector<std::string> out;
    for (const v1::Offer& o : r.offers()) out.push_back(o.sku());
    return out;
  }
};

// 500 JPY (value 450 "major units") used to outrank a 49.00 USD bag; it and
// the EUR bag are not offered to a USD cart at all.
TEST_F(CurrencyTest, OffersOnlyCandidatesInTheCartsCurrency) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP"});
  request.set_explain(true);
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_THAT(Skus(r), ElementsAre("LAPTOP-PRO", "BAG"));
  for (const v1::Offer& o : r.offers()) EXPECT_EQ(o.price().currency(), "USD");
  EXPECT_EQ(SuppressedReason(r, "BAG-EU"), v1::CURRENCY_MISMATCH);
  EXPECT_EQ(SuppressedReason(r, "CASE-JP"), v1::CURRENCY_MISMATCH);

  r = SuggestOk(Cart(v1::CHECKOUT, {"LAPTOP-EU"}));
  ASSERT_THAT(Skus(r), ElementsAre("BAG-EU"));
  EXPECT_EQ(r.offers(0).price().currency(), "EUR");
}

TEST_F(CurrencyTest, BudgetLimitIsInTheCartsCurrency) {
  v1::SuggestRequest request = Cart(v1::CHECKOUT, {"LAPTOP"});
  request.set_explain(true);
  request.mutable_signals()->set_budget_sensitive(true);
  request.mutable_signals()->set_budget_limit(4900);  // 49.00 USD
  v1::SuggestResponse r = SuggestOk(request);
  EXPECT_THAT(Skus(r), ElementsAre("BAG"));
  // 500 JPY is not "500 minor units, within 4900".
  EXPECT_EQ(SuppressedReason(r, "CASE-JP"), v1::CURRENCY_MISMATCH);
}

TEST_F(CurrencyTest, CartMixingCurrenciesIsInvalidAndNamesTheLines) {
  v1::SuggestResponse response;
  grpc::Status s = Suggest(
      Cart(v1::CHECKOUT, {"GHOST", "LAPTOP", "BAG", "LAPTOP-EU"}), &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "cart[3].sku: \"LAPTOP-EU\" is priced in EUR, but cart[1] "
            "(\"LAPTOP\") in USD; a cart has one currency");
}

TEST_F(CurrencyTest, ReloadRefusesAnUpsellBetweenCurrencies) {
  data_.WriteFile("edges.csv",
                  "from_sku,to_sku,kind,weight\n"
                  "LAPTOP,BAG,cross_sell,0.3\n"
                  "LAPTOP,LAPTOP-EU,upsell,0.5\n");
  v1::ReloadResponse reloaded;
  grpc::Status s = Reload(&reloaded);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(s.error_message(),
              ::testing::HasSubstr(
                  "edges.csv:3:1: upsell LAPTOP (USD) -> LAPTOP-EU (EUR) "
                  "crosses currencies"));
}

}  // namespace
}  // namespace offergraph::testing
