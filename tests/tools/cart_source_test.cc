#include "tools/cart_source.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/temp_dir.h"
#include "tools/datagen.h"

namespace offergraph {
namespace tools {
namespace {

using ::offergraph::testing::TempDir;

TEST(CartSourceTest, SkusWithEdgesAreTheDistinctSources) {
  TempDir dir;
  dir.WriteFile(
      "edges.csv",
      "from_sku,to_sku,kind,weight\n"
      "A,B,cross_sell,0.5\nA,C,cross_sell,0.4\n"
      "\"B\",C,upsell,0.3\r\nC,A,cross_sell,0.2\nA,D,cross_sell,0.1\n");
  absl::StatusOr<std::vector<std::string>> skus = ReadSkusWithEdges(dir.path());
  ASSERT_TRUE(skus.ok()) << skus.status();
  EXPECT_THAT(*skus, ::testing::ElementsAre("A", "B", "C"));
}

TEST(CartSourceTest, GeneratedDataGivesOneSkuPerSource) {
  TempDir dir;
  DataGenOptions o;
  o.out_dir = dir.path();
  o.products = 2000;
  o.edges = 10000;
  o.category_size = 100;
  o.max_out_degree = 500;
  absl::StatusOr<DataGenStats> stats = GenerateData(o);
  ASSERT_TRUE(stats.ok());
  absl::StatusOr<std::vector<std::string>> skus = ReadSkusWithEdges(dir.path());
  ASSERT_TRUE(skus.ok());
  EXPECT_EQ(static_cast<int64_t>(skus->size()), stats->sources_with_edges);
}

TEST(CartSourceTest, SkusFileSkipsBlankLines) {
  TempDir dir;
  dir.WriteFile("skus.txt", "X\n\nY\r\nZ");
  absl::StatusOr<std::vector<std::string>> skus =
      ReadSkusFile(dir.path() + "/skus.txt");
  ASSERT_TRUE(skus.ok());
  EXPECT_THAT(*skus, ::testing::ElementsAre("X", "Y", "Z"));
  EXPECT_EQ(ReadSkusFile(dir.path() + "/missing").status().code(),
            absl::StatusCode::kNotFound);
}

TEST(CartSourceTest, RequestsHaveDistinctLinesAndAMostlyCheckoutMix) {
  std::vector<std::string> skus;
  for (int i = 0; i < 50; ++i) skus.push_back(GeneratedSku(i));
  RequestMix mix;
  mix.cart_lines = 5;
  mix.pool_size = 2000;
  mix.customers = 100;
  absl::StatusOr<std::vector<v1::SuggestRequest>> pool =
      BuildRequests(skus, mix);
  ASSERT_TRUE(pool.ok());
  ASSERT_EQ(pool->size(), 2000u);
  int checkout = 0, complaint = 0, budget = 0, guests = 0;
  std::set<std::string> customers;
  for (const v1::SuggestRequest& r : *pool) {
    ASSERT_EQ(r.cart_size(), 5);
    std::set<std::string> lines;
    for (const v1::CartLine& l : r.cart()) {
      lines.insert(l.sku());
      EXPECT_GE(l.quantity(), 1);
    }
    EXPECT_EQ(lines.size(), 5u);
    EXPECT_NE(r.channel(), v1::CHANNEL_UNSPECIFIED);
    checkout += r.channel() == v1::CHECKOUT;
    complaint += r.signals().complaint_open();
    budget += r.signals().budget_sensitive();
    if (r.customer_id().empty()) {
      ++guests;
      EXPECT_FALSE(r.session_id().empty());
    } else {
      customers.insert(r.customer_id());
    }
  }
  EXPECT_GT(checkout, 1600);  // ~90%
  EXPECT_GT(complaint, 0);
  EXPECT_GT(budget, complaint);
  EXPECT_GT(guests, 0);
  EXPECT_LE(customers.size(), 100u);
  // Same seed, same pool.
  absl::StatusOr<std::vector<v1::SuggestRequest>> again =
      BuildRequests(skus, mix);
  EXPECT_EQ((*again)[123].SerializeAsString(),
            (*pool)[123].SerializeAsString());
}

TEST(CartSourceTest, NoSkusIsAnError) {
  EXPECT_EQ(BuildRequests({}, RequestMix()).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tools
}  // namespace offergraph
