#include "mine/miner.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "data/catalog_loader.h"
#include "mine/baskets.h"
#include "mine/bundles_writer.h"
#include "mine/edges_writer.h"
#include "mine/line_reader.h"
#include "mine/resources.h"

namespace offergraph::mine {

namespace {

absl::Status CheckBundleConfig(const MinerConfig& config) {
  const std::string error = BundleOptionsError(config.bundle);
  if (!error.empty()) return absl::InvalidArgumentError(error);
  const double d = config.bundle_discount_percent;
  if (!(d > 0 && d < 100) || std::round(d * 100) != d * 100) {
    return absl::InvalidArgumentError(
        "--bundle_discount_percent must be above 0 and below 100, with at "
        "most two decimals");
  }
  if (!config.curated_path.empty()) {
    return absl::InvalidArgumentError("--curated does not apply to --bundles");
  }
  if (config.out_path.empty()) {
    return absl::InvalidArgumentError("--bundles needs an output file");
  }
  return absl::OkStatus();
}

// The bundle half of RunMiner, after the orders are read.
absl::Status MineAndWriteBundles(const MinerConfig& config,
                                 const Baskets& baskets,
                                 const absl::flat_hash_map<std::string,
                                                           std::string>* names,
                                 MinerReport* report) {
  BundleOptions options = config.bundle;
  options.allowed.assign(baskets.skus.size(), true);
  for (size_t id = 0; id < baskets.skus.size(); ++id) {
    const std::string& sku = baskets.skus[id];
    if (sku.find_first_of("|*") != std::string::npos) {
      options.allowed[id] = false;
      ++report->unusable_skus;
    } else if (names != nullptr && !names->contains(sku)) {
      options.allowed[id] = false;
      ++report->dropped_unknown;
    }
  }
  Stopwatch mine;
  BundleResult result = MineBundles(baskets, options);
  report->mine_seconds = mine.Seconds();
  report->frequent_items = result.frequent_items;
  report->itemsets_frequent = result.frequent_itemsets;
  report->itemsets_over_thresholds = result.over_thresholds;
  report->itemsets_not_closed = result.not_closed;
  absl::StatusOr<int64_t> written =
      WriteBundlesCsv(config.out_path, result, baskets.skus, names,
                      config.bundle_discount_percent);
  if (!written.ok()) return written.status();
  report->bundles_written = *written;
  return absl::OkStatus();
}

std::string TimeLine(const MinerReport& r) {
  return absl::StrFormat(
      "time: %.3f s (read %.3f s, mine %.3f s); peak memory: %.1f MiB\n",
      r.total_seconds, r.read_seconds, r.mine_seconds,
      static_cast<double>(r.peak_rss_bytes) / (1 << 20));
}

}  // namespace

absl::StatusOr<MinerReport> RunMiner(const MinerConfig& config) {
  MinerReport report;
  report.bundles = config.bundles;
  Stopwatch total;
  if (config.mine.min_support < 1) {
    return absl::InvalidArgumentError("--min_support must be at least 1");
  }
  if (config.bundles) {
    absl::Status ok = CheckBundleConfig(config);
    if (!ok.ok()) return ok;
  }
  // Read the small inputs first so that their errors come before the long
  // read.
  std::vector<CuratedEdge> curated;
  if (!config.curated_path.empty()) {
    absl::StatusOr<std::string> text = ReadMaybeGzipFile(config.curated_path);
    if (!text.ok()) return text.status();
    absl::StatusOr<std::vector<CuratedEdge>> parsed =
        ParseCuratedCsv(*text, config.curated_path);
    if (!parsed.ok()) return parsed.status();
    curated = *std::move(parsed);
  }
  absl::flat_hash_set<std::string> known;
  absl::flat_hash_map<std::string, std::string> names;  // bundle mode
  if (!config.catalog_path.empty()) {
    absl::StatusOr<Catalog> catalog =
        LoadCatalogFile(config.catalog_path, "USD");
    if (!catalog.ok()) return catalog.status();
    for (const Product& p : catalog->products()) {
      if (config.bundles) {
        names.emplace(p.sku, p.name);
      } else {
        known.insert(p.sku);
      }
    }
  }

  Stopwatch read;
  absl::StatusOr<Baskets> baskets =
      ReadBaskets(config.orders_path, config.columns, config.progress);
  if (!baskets.ok()) return baskets.status();
  report.read_seconds = read.Seconds();
  report.lines = baskets->lines;
  report.orders = static_cast<int64_t>(baskets->order_count());
  report.items = static_cast<int64_t>(baskets->skus.size());
  report.customers = baskets->customers;

  if (config.bundles) {
    absl::Status ok = MineAndWriteBundles(
        config, *baskets, config.catalog_path.empty() ? nullptr : &names,
        &report);
    if (!ok.ok()) return ok;
    report.total_seconds = total.Seconds();
    report.peak_rss_bytes = PeakRssBytes();
    return report;
  }

  Stopwatch mine;
  MineResult result = MineRules(*baskets, config.mine);
  report.mine_seconds = mine.Seconds();
  report.frequent_items = result.frequent_items;
  report.pairs_counted = result.pairs_counted;
  report.pairs_frequent = result.pairs_frequent;
  report.rules_mined = result.rules_before_top_k;

  // Streamed: see edges_writer.h.
  absl::StatusOr<EdgesWritten> written = WriteMinedEdges(
      config.out_path, result, baskets->skus, known, curated);
  if (!written.ok()) return written.status();
  report.dropped_unknown = written->dropped_unknown;
  report.curated = written->curated;
  report.edges_written = written->edges;
  report.total_seconds = total.Seconds();
  report.peak_rss_bytes = PeakRssBytes();
  return report;
}

std::string FormatMinerReport(const MinerReport& r) {
  std::string out = absl::StrFormat("orders: %d (%d lines, %d distinct items",
                                    r.orders, r.lines, r.items);
  if (r.customers > 0) out += absl::StrFormat(", %d customers", r.customers);
  out += ")\n";
  if (r.bundles) {
    out += absl::StrFormat(
        "frequent items: %d; itemsets of 3+ items over min support: %d, also "
        "over min lift: %d, left out for an equal-support superset: %d\n",
        r.frequent_items, r.itemsets_frequent, r.itemsets_over_thresholds,
        r.itemsets_not_closed);
    if (r.dropped_unknown > 0) {
      out += absl::StrFormat("items not in the catalog (never members): %d\n",
                             r.dropped_unknown);
    }
    if (r.unusable_skus > 0) {
      out += absl::StrFormat("skus with '|' or '*' (never members): %d\n",
                             r.unusable_skus);
    }
    out += absl::StrFormat("bundles written: %d\n", r.bundles_written);
    return out + TimeLine(r);
  }
  out += absl::StrFormat(
      "frequent items: %d; pairs counted: %d, frequent: %d; rules after "
      "thresholds: %d\n",
      r.frequent_items, r.pairs_counted, r.pairs_frequent, r.rules_mined);
  if (r.dropped_unknown > 0) {
    out += absl::StrFormat("dropped (sku not in catalog): %d\n",
                           r.dropped_unknown);
  }
  if (r.curated.overridden + r.curated.blocked + r.curated.added +
          r.curated.unmatched_blocks >
      0) {
    out += absl::StrFormat(
        "curated: %d overridden, %d blocked, %d added, %d blocks matched "
        "nothing\n",
        r.curated.overridden, r.curated.blocked, r.curated.added,
        r.curated.unmatched_blocks);
  }
  out += absl::StrFormat("edges written: %d\n", r.edges_written);
  return out + TimeLine(r);
}

}  // namespace offergraph::mine
