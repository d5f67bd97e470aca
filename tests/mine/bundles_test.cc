// Bundle mining (#13) against an independent brute-force count of every
// subset of every basket on random baskets; the written bundles.csv read
// back with the project's CSV reader; byte-identical reruns; the tool's
// flags and summary.
#include "mine/bundles.h"

#include <sys/wait.h>

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "data/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mine/baskets.h"
#include "mine/bundles_writer.h"
#include "mine/miner.h"
#include "testing/subprocess.h"
#include "testing/temp_dir.h"

namespace offergraph::mine {
namespace {

using ::testing::HasSubstr;
using Set = std::vector<std::string>;  // skus, ascending

// Random baskets over `item_count` skus "i0".."iN" with skewed popularity
// and planted co-purchased groups, so that sets of 3 to 5 items recur.
// Lines are shuffled (orders not grouped); some items repeat in an order;
// some orders are empty.
std::vector<std::pair<std::string, std::string>> RandomLines(
    uint32_t seed, int orders, int item_count) {
  std::mt19937 rng(seed);
  std::vector<std::pair<std::string, std::string>> lines;
  std::geometric_distribution<int> extra(0.35);
  for (int o = 0; o < orders; ++o) {
    const std::string order = "o" + std::to_string(o);
    const int n = std::min(9, static_cast<int>(rng() % 3) + extra(rng));
    if (n == 0) lines.push_back({order, ""});
    for (int i = 0; i < n; ++i) {
      // Skewed: low item numbers are more popular.
      const int item = static_cast<int>(
          (rng() % item_count) * (rng() % item_count) / item_count);
      lines.push_back({order, "i" + std::to_string(item)});
    }
    if (rng() % 4 == 0) {  // a planted group of 4
      const int base = static_cast<int>(rng() % 3) * 4;
      for (int i = 0; i < 4; ++i) {
        if (rng() % 5 != 0) {
          lines.push_back({order, "i" + std::to_string(base + i)});
        }
      }
    }
  }
  std::shuffle(lines.begin(), lines.end(), rng);
  return lines;
}

Baskets Build(const std::vector<std::pair<std::string, std::string>>& lines) {
  BasketBuilder b;
  for (const auto& [order, sku] : lines) b.Add(order, sku);
  return std::move(b).Finish();
}

// Brute force straight from the lines: each order's distinct skus, and
// every subset of 1..max_size of them counted in a map.
struct Brute {
  int64_t orders = 0;
  std::map<Set, int64_t> support;
};

Brute BruteForce(const std::vector<std::pair<std::string, std::string>>& lines,
                 int max_size) {
  std::map<std::string, std::set<std::string>> by_order;
  for (const auto& [order, sku] : lines) {
    std::set<std::string>& b = by_order[order];
    if (!sku.empty()) b.insert(sku);
  }
  Brute out;
  out.orders = static_cast<int64_t>(by_order.size());
  for (const auto& [order, skus] : by_order) {
    const std::vector<std::string> items(skus.begin(), skus.end());
    const int n = static_cast<int>(items.size());
    for (uint32_t mask = 1; mask < (1u << n); ++mask) {
      if (__builtin_popcount(mask) > max_size) continue;
      Set s;
      for (int i = 0; i < n; ++i) {
        if (mask & (1u << i)) s.push_back(items[i]);
      }
      ++out.support[s];
    }
  }
  return out;
}

Set Without(const Set& s, size_t skip) {
  Set out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i != skip) out.push_back(s[i]);
  }
  return out;
}

// lift(s) >= num/den, exactly: s * N^(k-1) * den >= num * prod(support(i)).
bool LiftAtLeast(const Brute& b, const Set& s, int64_t num, int64_t den) {
  unsigned __int128 left = static_cast<uint64_t>(b.support.at(s) * den);
  unsigned __int128 right = static_cast<uint64_t>(num);
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0) left *= static_cast<uint64_t>(b.orders);
    right *= static_cast<uint64_t>(b.support.at({s[i]}));
  }
  return left >= right;
}

Set Skus(const Itemset& set, const Baskets& baskets) {
  Set s;
  for (int i = 0; i < set.size; ++i) s.push_back(baskets.skus[set.items[i]]);
  std::sort(s.begin(), s.end());
  return s;
}

struct Case {
  uint32_t seed;
  int orders;
  int items;
  int64_t min_support;
  int max_size;
  int64_t lift_num, lift_den;  // min lift as a ratio
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << "seed " << c.seed << ", " << c.orders << " orders, " << c.items
      << " items, min support " << c.min_support << ", max size "
      << c.max_size << ", min lift " << c.lift_num << "/" << c.lift_den;
}

class BundlesBruteForceTest : public ::testing::TestWithParam<Case> {};

TEST_P(BundlesBruteForceTest, EverySetAndNumberMatchesABruteForceCount) {
  const Case c = GetParam();
  const auto lines = RandomLines(c.seed, c.orders, c.items);
  const Baskets baskets = Build(lines);
  const Brute brute = BruteForce(lines, c.max_size);
  ASSERT_EQ(static_cast<int64_t>(baskets.order_count()), brute.orders);

  BundleOptions options;
  options.min_support = c.min_support;
  options.min_lift = static_cast<double>(c.lift_num) / c.lift_den;
  options.max_size = c.max_size;
  options.max_count = 0;
  // The float threshold must say what the exact ratio says.
  ASSERT_EQ(options.min_lift * c.lift_den, static_cast<double>(c.lift_num));
  const BundleResult result = MineBundles(baskets, options);

  // Expected: sets of 3..max_size over both thresholds, minus those with
  // a passing superset of equal support.
  std::set<Set> passing;
  int64_t frequent = 0;
  for (const auto& [s, support] : brute.support) {
    if (s.size() < 3 || support < c.min_support) continue;
    ++frequent;
    if (LiftAtLeast(brute, s, c.lift_num, c.lift_den)) passing.insert(s);
  }
  std::set<Set> expected;
  for (const Set& s : passing) {
    bool covered = false;
    for (const Set& t : passing) {
      if (t.size() > s.size() &&
          std::includes(t.begin(), t.end(), s.begin(), s.end()) &&
          brute.support.at(t) == brute.support.at(s)) {
        covered = true;
      }
    }
    if (!covered) expected.insert(s);
  }
  EXPECT_EQ(result.frequent_itemsets, frequent);
  EXPECT_EQ(result.over_thresholds, static_cast<int64_t>(passing.size()));
  EXPECT_EQ(result.not_closed,
            static_cast<int64_t>(passing.size() - expected.size()));
  ASSERT_GT(expected.size(), 5u) << "the case should find something";

  std::set<Set> got;
  for (const Itemset& set : result.bundles) {
    const Set s = Skus(set, baskets);
    ASSERT_TRUE(got.insert(s).second) << "emitted twice";
    SCOPED_TRACE(absl::StrJoin(s, ","));
    ASSERT_TRUE(expected.count(s));
    const int64_t support = brute.support.at(s);
    EXPECT_EQ(set.support, support);
    // Small counts: numerator and denominator are exact doubles, so one
    // IEEE division is the correctly rounded ratio.
    double num = static_cast<double>(support), den = 1;
    int64_t weakest = -1;
    for (size_t i = 0; i < s.size(); ++i) {
      if (i > 0) num *= static_cast<double>(brute.orders);
      den *= static_cast<double>(brute.support.at({s[i]}));
      const int64_t rest = brute.support.at(Without(s, i));
      if (weakest < 0 || rest < weakest) weakest = rest;
    }
    ASSERT_LT(num, 9e15);
    ASSERT_LT(den, 9e15);
    EXPECT_EQ(set.lift, num / den);
    EXPECT_EQ(set.confidence, static_cast<double>(support) / weakest);
  }
  EXPECT_EQ(got, expected);

  // Ranked by support * lift, then lift, then skus; a cut keeps a prefix.
  for (size_t i = 1; i < result.bundles.size(); ++i) {
    const Itemset& a = result.bundles[i - 1];
    const Itemset& b = result.bundles[i];
    EXPECT_GE(a.support * a.lift, b.support * b.lift);
  }
  options.max_count = 5;
  const BundleResult cut = MineBundles(baskets, options);
  ASSERT_EQ(cut.bundles.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(Skus(cut.bundles[i], baskets), Skus(result.bundles[i], baskets));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Seeds, BundlesBruteForceTest,
    ::testing::Values(Case{1, 300, 20, 3, 3, 1, 1},
                      Case{2, 1000, 40, 5, 3, 3, 2},
                      Case{3, 2000, 60, 4, 4, 0, 1},
                      Case{4, 1500, 30, 3, 5, 2, 1},
                      Case{5, 800, 15, 2, 4, 5, 4},
                      Case{6, 3000, 80, 6, 5, 1, 1}),
    [](const ::testing::TestParamInfo<Case>& info) {
      return "seed" + std::to_string(info.param.seed);
    });

TEST(BundlesTest, DisallowedItemsAreNeverMembersButStillCount) {
  const auto lines = RandomLines(7, 1000, 20);
  const Baskets baskets = Build(lines);
  BundleOptions options;
  options.min_support = 3;
  options.min_lift = 0;
  options.max_count = 0;
  const BundleResult all = MineBundles(baskets, options);
  options.allowed.assign(baskets.skus.size(), true);
  uint32_t banned = 0;
  for (uint32_t id = 0; id < baskets.skus.size(); ++id) {
    if (baskets.skus[id] == "i1") banned = id;
  }
  options.allowed[banned] = false;
  const BundleResult some = MineBundles(baskets, options);
  EXPECT_EQ(some.item_support, all.item_support);
  std::map<Set, std::pair<int64_t, double>> without_banned;
  for (const Itemset& s : all.bundles) {
    const Set skus = Skus(s, baskets);
    if (std::find(skus.begin(), skus.end(), "i1") == skus.end()) {
      without_banned[skus] = {s.support, s.lift};
    }
  }
  ASSERT_GT(without_banned.size(), 0u);
  for (const Itemset& s : some.bundles) {
    const Set skus = Skus(s, baskets);
    EXPECT_EQ(std::count(skus.begin(), skus.end(), "i1"), 0);
    // With max_size 3 nothing is dropped for a superset, so every set
    // without i1 comes out the same.
    ASSERT_TRUE(without_banned.count(skus));
    EXPECT_EQ(without_banned[skus], std::make_pair(s.support, s.lift));
  }
  EXPECT_EQ(some.bundles.size(), without_banned.size());
}

TEST(BundlesTest, OptionsAreChecked) {
  BundleOptions o;
  EXPECT_EQ(BundleOptionsError(o), "");
  o.max_size = 2;
  EXPECT_THAT(BundleOptionsError(o), HasSubstr("--bundle_max_size"));
  o.max_size = kMaxBundleSize + 1;
  EXPECT_THAT(BundleOptionsError(o), HasSubstr("--bundle_max_size"));
  o = BundleOptions();
  o.min_support = 0;
  EXPECT_THAT(BundleOptionsError(o), HasSubstr("--bundle_min_support"));
}

// The rows of a bundles.csv, read with the server's CSV reader.
std::vector<std::map<std::string, std::string>> ReadBundlesCsv(
    const std::string& text) {
  CsvReader reader(text, "bundles.csv");
  EXPECT_TRUE(reader.CheckUtf8().ok());
  std::vector<CsvField> fields;
  absl::StatusOr<bool> more = reader.Next(&fields);
  EXPECT_TRUE(more.ok() && *more);
  std::vector<std::string> header;
  for (const CsvField& f : fields) header.emplace_back(f.value);
  EXPECT_EQ(absl::StrJoin(header, ","),
            "bundle_id,name,members,discount_percent,support,confidence,lift");
  std::vector<std::map<std::string, std::string>> rows;
  while (true) {
    more = reader.Next(&fields);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    EXPECT_EQ(fields.size(), header.size());
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < fields.size() && i < header.size(); ++i) {
      row[header[i]] = std::string(fields[i].value);
    }
    rows.push_back(row);
  }
  return rows;
}

TEST(BundlesWriterTest, RowsParseWithUniqueIdsSortedMembersAndNames) {
  const auto lines = RandomLines(8, 2000, 30);
  const Baskets baskets = Build(lines);
  BundleOptions options;
  options.min_support = 4;
  options.min_lift = 1;
  options.max_size = 4;
  options.max_count = 0;
  const BundleResult result = MineBundles(baskets, options);
  ASSERT_GT(result.bundles.size(), 10u);
  // Names with a comma and a quote, to be quoted; i2 has no name.
  absl::flat_hash_map<std::string, std::string> names;
  for (const std::string& sku : baskets.skus) {
    names[sku] = sku == "i2" ? "" : "Item \"" + sku + "\", large";
  }
  testing::TempDir dir;
  const std::string path = dir.path() + "/bundles.csv";
  absl::StatusOr<int64_t> written =
      WriteBundlesCsv(path, result, baskets.skus, &names, 12.5);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(*written, static_cast<int64_t>(result.bundles.size()));
  const auto rows = ReadBundlesCsv(testing::ReadFileOrDie(path));
  ASSERT_EQ(rows.size(), result.bundles.size());
  std::set<std::string> ids;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const Itemset& set = result.bundles[i];
    const std::string& id = row.at("bundle_id");
    EXPECT_TRUE(ids.insert(id).second) << id;
    EXPECT_TRUE(absl::StartsWith(id, "B-")) << id;
    EXPECT_EQ(id.size(), 18u);
    EXPECT_FALSE(names.contains(id));
    const std::vector<std::string> members =
        absl::StrSplit(row.at("members"), '|');
    EXPECT_EQ(members, Skus(set, baskets));
    EXPECT_EQ(id, BundleId(row.at("members")));
    std::vector<std::string> expected_names;
    for (const std::string& m : members) {
      expected_names.push_back(m == "i2" ? m : names[m]);
    }
    EXPECT_EQ(row.at("name"), absl::StrJoin(expected_names, " + "));
    EXPECT_EQ(row.at("discount_percent"), "12.5");
    EXPECT_EQ(row.at("support"), std::to_string(set.support));
    EXPECT_EQ(std::stod(row.at("lift")), set.lift);
    EXPECT_EQ(std::stod(row.at("confidence")), set.confidence);
  }
}

TEST(BundlesWriterTest, AnIdClashingWithACatalogSkuIsAnError) {
  BundleResult result;
  Itemset set;
  set.size = 3;
  set.items = {0, 1, 2};
  set.support = 5;
  result.bundles.push_back(set);
  const std::vector<std::string> skus = {"a", "b", "c"};
  absl::flat_hash_map<std::string, std::string> names = {
      {"a", "A"}, {"b", "B"}, {"c", "C"}, {BundleId("a|b|c"), "Evil"}};
  testing::TempDir dir;
  absl::StatusOr<int64_t> written =
      WriteBundlesCsv(dir.path() + "/b.csv", result, skus, &names, 10);
  EXPECT_FALSE(written.ok());
}

std::string OrdersCsv(std::vector<std::pair<std::string, std::string>> lines) {
  std::string text = "order_id,sku\n";
  for (const auto& [order, sku] : lines) text += order + "," + sku + "\n";
  return text;
}

TEST(BundlesMinerTest, SameOrdersGiveTheSameBytesInAnyLineOrder) {
  auto lines = RandomLines(9, 3000, 50);
  testing::TempDir dir;
  dir.WriteFile("a.csv", OrdersCsv(lines));
  std::reverse(lines.begin(), lines.end());
  dir.WriteFile("b.csv", OrdersCsv(lines));
  MinerConfig config;
  config.bundles = true;
  config.bundle.min_support = 4;
  config.bundle.min_lift = 1.2;
  config.bundle.max_size = 4;
  config.bundle.max_count = 50;
  std::vector<std::string> outputs;
  for (const char* in : {"a.csv", "a.csv", "b.csv"}) {
    config.orders_path = dir.path() + "/" + in;
    config.out_path = dir.path() + "/out" + std::to_string(outputs.size());
    absl::StatusOr<MinerReport> report = RunMiner(config);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_EQ(report->bundles_written, 50);
    outputs.push_back(testing::ReadFileOrDie(config.out_path));
  }
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(outputs[0], outputs[2]);
  EXPECT_EQ(ReadBundlesCsv(outputs[0]).size(), 50u);
}

TEST(BundlesMinerTest, CatalogLimitsMembersAndNamesThem) {
  testing::TempDir dir;
  std::string orders = "order_id,sku\n";
  for (int o = 0; o < 40; ++o) {
    for (const char* sku : {"TENT", "MAT", "BAG", "LAMP"}) {
      if (o % 5 != 0 || sku[0] != 'L') {
        orders += std::to_string(o) + "," + sku + "\n";
      }
    }
    orders += std::to_string(100 + o) + ",MAT\n";  // MAT alone, lift > 1
  }
  dir.WriteFile("orders.csv", orders);
  dir.WriteFile("catalog.csv",
                "sku,name,price\nTENT,Tent,100\nMAT,\"Mat, foam\",20\n"
                "BAG,Sleeping bag,50\n");
  MinerConfig config;
  config.bundles = true;
  config.orders_path = dir.path() + "/orders.csv";
  config.catalog_path = dir.path() + "/catalog.csv";
  config.out_path = dir.path() + "/bundles.csv";
  config.bundle.min_support = 5;
  config.bundle.min_lift = 1;
  config.bundle.max_size = 4;
  absl::StatusOr<MinerReport> report = RunMiner(config);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->dropped_unknown, 1);  // LAMP
  const auto rows =
      ReadBundlesCsv(testing::ReadFileOrDie(config.out_path));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("members"), "BAG|MAT|TENT");
  EXPECT_EQ(rows[0].at("name"), "Sleeping bag + Mat, foam + Tent");
  EXPECT_EQ(rows[0].at("support"), "40");
  // N = 80, supports 40, 80, 40: lift 40 * 80^2 / (40 * 80 * 40) = 2;
  // MAT|TENT -> BAG and BAG|MAT -> TENT are certain.
  EXPECT_EQ(rows[0].at("lift"), "2");
  EXPECT_EQ(rows[0].at("confidence"), "1");
  EXPECT_EQ(rows[0].at("discount_percent"), "10");
}

TEST(BundlesMinerTest, BadSettingsAreRejectedBeforeReading) {
  MinerConfig config;
  config.bundles = true;
  config.orders_path = "/nonexistent.csv";
  config.out_path = "/tmp/unused.csv";
  config.bundle_discount_percent = 100;
  EXPECT_THAT(RunMiner(config).status().message(),
              HasSubstr("--bundle_discount_percent"));
  config.bundle_discount_percent = 12.345;
  EXPECT_THAT(RunMiner(config).status().message(),
              HasSubstr("--bundle_discount_percent"));
  config.bundle_discount_percent = 10;
  config.bundle.max_size = 9;
  EXPECT_THAT(RunMiner(config).status().message(),
              HasSubstr("--bundle_max_size"));
  config.bundle.max_size = 3;
  config.curated_path = "curated.csv";
  EXPECT_THAT(RunMiner(config).status().message(), HasSubstr("--curated"));
}

std::string Tool() {
  return std::string(OFFERGRAPH_BINARY_DIR) + "/src/mine/offergraph-mine";
}

TEST(BundlesToolTest, HelpListsTheBundleFlags) {
  testing::Subprocess p({Tool(), "--help"});
  std::optional<int> status = p.Wait(absl::Seconds(60));
  ASSERT_TRUE(status.has_value());
  const std::string text = p.stdout_text() + p.stderr_text();
  for (const char* flag :
       {"--bundles", "--bundle_min_support", "--bundle_min_lift",
        "--bundle_max_size", "--bundle_max_count",
        "--bundle_discount_percent"}) {
    EXPECT_THAT(text, HasSubstr(std::string("    ") + flag + " ")) << flag;
  }
}

TEST(BundlesToolTest, WritesBundlesCsvAndASummary) {
  testing::TempDir dir;
  dir.WriteFile("orders.csv", OrdersCsv(RandomLines(10, 2000, 30)));
  testing::Subprocess p({Tool(), "--bundles",
                         "--orders=" + dir.path() + "/orders.csv",
                         "--bundle_min_support=5", "--bundle_max_count=7",
                         "--out=" + dir.path() + "/bundles.csv"});
  std::optional<int> status = p.Wait(absl::Seconds(60));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(WEXITSTATUS(*status), 0) << p.stderr_text();
  EXPECT_THAT(p.stderr_text(), HasSubstr("bundles written: 7\n"));
  EXPECT_EQ(
      ReadBundlesCsv(testing::ReadFileOrDie(dir.path() + "/bundles.csv"))
          .size(),
      7u);
}

}  // namespace
}  // namespace offergraph::mine
