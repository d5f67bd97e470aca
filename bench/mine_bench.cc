// mine_bench: wall time and peak memory of mining pairs from Instacart's
// order_products__train (or --orders), side by side with the floors: the
// shell's `zcat | wc -l`, zlib decompression with line splitting alone, and
// reading into baskets without counting. Each case runs in its own child
// process (fork) so its peak RSS (wait4) is its own. With --bundles, times
// bundle mining instead (itemsets of 3+ items, offergraph-mine --bundles),
// next to the same read floor.
//
//   mine_bench [--orders FILE] [--sku_column product_id] [--repeat 3]
//   mine_bench --bundles --bundle_min_support 20 --bundle_min_lift 3
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "mine/association.h"
#include "mine/baskets.h"
#include "mine/bundles.h"
#include "mine/line_reader.h"
#include "mine/miner.h"
#include "mine/resources.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, orders,
          "/work/shared/data/instacart/order_products__train.csv.gz",
          "Orders file.");
ABSL_FLAG(std::string, sku_column, "product_id", "Column of the sku.");
ABSL_FLAG(int64_t, min_support, 10, "Minimum support (count).");
ABSL_FLAG(double, min_confidence, 0.05, "Minimum confidence.");
ABSL_FLAG(int, repeat, 3, "Runs per case (the median is reported).");
ABSL_FLAG(bool, bundles, false,
          "Time bundle mining (offergraph-mine --bundles) instead of pairs.");
ABSL_FLAG(int64_t, bundle_min_support, 10, "--bundles: minimum support.");
ABSL_FLAG(double, bundle_min_lift, 3, "--bundles: minimum k-way lift.");
ABSL_FLAG(int32_t, bundle_max_size, 3, "--bundles: largest bundle.");
ABSL_FLAG(int64_t, bundle_max_count, 1000,
          "--bundles: bundles kept (0 = all).");

namespace {

namespace m = offergraph::mine;

struct Run {
  double seconds;
  double peak_mib;
};

// Runs `body` in a child; returns its wall time and peak RSS.
Run InChild(const std::function<int()>& body) {
  m::Stopwatch clock;
  pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "case failed (status %d)\n", status);
    std::exit(1);
  }
  return {clock.Seconds(), ru.ru_maxrss / 1024.0};
}

void Report(const std::string& name, const std::function<int()>& body,
            int repeat) {
  std::vector<Run> runs;
  for (int i = 0; i < repeat; ++i) runs.push_back(InChild(body));
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
  const Run& med = runs[runs.size() / 2];
  absl::PrintF("%-46s %8.3f s  (best %.3f)  %8.1f MiB\n", name, med.seconds,
               runs.front().seconds, med.peak_mib);
}

int BenchBundles(const std::string& orders, const m::OrderColumns& cols,
                 const m::BundleOptions& opt, int repeat) {
  absl::PrintF(
      "input %s, bundles: min_support %d, min_lift %g, max_size %d, "
      "max_count %d\n",
      orders, opt.min_support, opt.min_lift, opt.max_size, opt.max_count);
  absl::PrintF("%-46s %8s  %14s %12s\n", "case", "median", "", "peak RSS");
  m::BundleResult result;
  {
    auto b = m::ReadBaskets(orders, cols, nullptr);
    if (!b.ok()) {
      std::fprintf(stderr, "%s\n", std::string(b.status().message()).c_str());
      return 1;
    }
    result = m::MineBundles(*b, opt);
  }
  Report(
      "read: parse + intern + group baskets",
      [&] { return m::ReadBaskets(orders, cols, nullptr).ok() ? 0 : 1; },
      repeat);
  Report(
      "bundles: read + itemsets (in memory)",
      [&] {
        auto b = m::ReadBaskets(orders, cols, nullptr);
        if (!b.ok()) return 1;
        return m::MineBundles(*b, opt).orders > 0 ? 0 : 1;
      },
      repeat);
  Report(
      "offergraph-mine --bundles end to end",
      [&] {
        m::MinerConfig c;
        c.orders_path = orders;
        c.columns = cols;
        c.bundles = true;
        c.bundle = opt;
        c.out_path = "/tmp/mine_bench_bundles.csv";
        return m::RunMiner(c).ok() ? 0 : 1;
      },
      repeat);
  std::remove("/tmp/mine_bench_bundles.csv");
  absl::PrintF(
      "itemsets over min support: %d, over min lift too: %d, left out for "
      "an equal-support superset: %d, bundles written: %d\n",
      result.frequent_itemsets, result.over_thresholds, result.not_closed,
      static_cast<int64_t>(result.bundles.size()));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  offergraph::ParseProgramFlags(
      argc, argv,
      "Times the miner on an orders file:\n"
      "  mine_bench --orders order_products__train.csv.gz [--repeat=N]");
  const std::string orders = absl::GetFlag(FLAGS_orders);
  const int repeat = std::max(1, absl::GetFlag(FLAGS_repeat));
  m::OrderColumns cols;
  cols.sku = absl::GetFlag(FLAGS_sku_column);
  m::MineOptions opt;
  opt.min_support = absl::GetFlag(FLAGS_min_support);
  opt.min_confidence = absl::GetFlag(FLAGS_min_confidence);
  if (absl::GetFlag(FLAGS_bundles)) {
    m::BundleOptions bopt;
    bopt.min_support = absl::GetFlag(FLAGS_bundle_min_support);
    bopt.min_lift = absl::GetFlag(FLAGS_bundle_min_lift);
    bopt.max_size = absl::GetFlag(FLAGS_bundle_max_size);
    bopt.max_count = absl::GetFlag(FLAGS_bundle_max_count);
    if (const std::string e = m::BundleOptionsError(bopt); !e.empty()) {
      std::fprintf(stderr, "%s\n", e.c_str());
      return 1;
    }
    return BenchBundles(orders, cols, bopt, repeat);
  }
  absl::PrintF("input %s, min_support %d, min_confidence %g\n", orders,
               opt.min_support, opt.min_confidence);
  absl::PrintF("%-46s %8s  %14s %12s\n", "case", "median", "", "peak RSS");

  Report(
      "floor: zcat | wc -l (shell)",
      [&] {
        const std::string cmd = "zcat '" + orders + "' | wc -l > /dev/null";
        return std::system(cmd.c_str()) == 0 ? 0 : 1;
      },
      repeat);
  Report(
      "floor: gzread + split lines (LineReader)",
      [&] {
        auto r = m::LineReader::Open(orders);
        if (!r.ok()) return 1;
        absl::string_view line;
        while (true) {
          absl::StatusOr<bool> more = (*r)->Next(&line);
          if (!more.ok()) return 1;
          if (!*more) break;
        }
        return 0;
      },
      repeat);
  Report(
      "read: parse + intern + group baskets",
      [&] { return m::ReadBaskets(orders, cols, nullptr).ok() ? 0 : 1; },
      repeat);
  int64_t rules = 0;
  {
    auto b = m::ReadBaskets(orders, cols, nullptr);
    if (!b.ok()) {
      std::fprintf(stderr, "%s\n", std::string(b.status().message()).c_str());
      return 1;
    }
    rules = static_cast<int64_t>(m::MineRules(*b, opt).rules.size());
  }
  Report(
      "mine: read + count pairs + rules (in memory)",
      [&] {
        auto b = m::ReadBaskets(orders, cols, nullptr);
        if (!b.ok()) return 1;
        return m::MineRules(*b, opt).rules.empty() ? 1 : 0;
      },
      repeat);
  Report(
      "offergraph-mine end to end (writes edges.csv)",
      [&] {
        m::MinerConfig c;
        c.orders_path = orders;
        c.columns = cols;
        c.mine = opt;
        c.out_path = "/tmp/mine_bench_edges.csv";
        return m::RunMiner(c).ok() ? 0 : 1;
      },
      repeat);
  std::remove("/tmp/mine_bench_edges.csv");
  absl::PrintF("rules: %d\n", rules);
  return 0;
}
