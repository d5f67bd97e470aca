// report_bench: how long an experiment report takes over a RocksDB ledger
// holding many decisions' worth of per-unit aggregates (README "Measuring
// uplift", "How the report scales"). Prints figures; never fails on timing.
//
//   report_bench [--units=1000000] [--decisions_per_unit=10] [--dir=PATH]
//                [--write_probe=100000]
//
// 1. Fill: writes one aggregate per unit ('X' keys, StoredUnitAggregate, the
//    ledger's own key format and encoding) straight into a RocksDB directory
//    in 10,000-key batches: what `units x decisions_per_unit` decisions
//    leave behind. Writing them decision by decision through the ledger
//    would give the same records; step 3 measures that path's rate.
// 2. Report: opens the directory with the RocksDB ledger and times
//    BuildExperimentReport (one prefix scan of the experiment) three times:
//    cold (first, block cache empty) and two more.
// 3. Write probe: `write_probe` tagged decisions through
//    OfferLedger::RecordDecision (aggregate read-modify-write included), on
//    one thread, to show the write-side cost.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/text_format.h"
#include "ledger/experiment_aggregates.h"
#include "ledger/rocksdb_keys.h"
#include "ledger/rocksdb_ledger.h"
#include "offergraph/experiments.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/write_batch.h"
#include "service/experiment_report.h"

namespace offergraph {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

int64_t Arg(int argc, char** argv, absl::string_view name, int64_t fallback) {
  const std::string prefix = absl::StrCat("--", name, "=");
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    int64_t v = 0;
    if (absl::StartsWith(a, prefix) &&
        absl::SimpleAtoi(a.substr(prefix.size()), &v)) {
      return v;
    }
  }
  return fallback;
}

std::string StrArg(int argc, char** argv, absl::string_view name,
                   std::string fallback) {
  const std::string prefix = absl::StrCat("--", name, "=");
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (absl::StartsWith(a, prefix)) return std::string(a.substr(prefix.size()));
  }
  return fallback;
}

// Two arms of one half each; the control shows nothing.
constexpr char kRules[] =
    "experiments { name: 'bench' arms { name: 'control' share: 0.5 "
    "no_offers: true } arms { name: 'treatment' share: 0.5 } }";

int Run(int argc, char** argv) {
  const int64_t units = Arg(argc, argv, "units", 1000000);
  const int64_t per_unit = Arg(argc, argv, "decisions_per_unit", 10);
  const int64_t probe = Arg(argc, argv, "write_probe", 100000);
  std::string dir = StrArg(argc, argv, "dir", "");
  if (dir.empty()) {
    char tmpl[] = "/tmp/report_bench.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) {
      std::perror("mkdtemp");
      return 1;
    }
    dir = tmpl;
  }
  v1::RuleConfig config;
  google::protobuf::TextFormat::ParseFromString(kRules, &config);
  absl::StatusOr<ExperimentPlan> plan = ExperimentPlan::Build(config);
  if (!plan.ok()) {
    std::fprintf(stderr, "%s\n", plan.status().ToString().c_str());
    return 1;
  }

  std::printf("report_bench: %lld units x %lld decisions = %lld decisions, "
              "in %s\n",
              static_cast<long long>(units), static_cast<long long>(per_unit),
              static_cast<long long>(units * per_unit), dir.c_str());
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    o.IncreaseParallelism(2);
    o.prefix_extractor = rocksdb_keys::NewOwnerPrefixExtractor();
    o.compression = rocksdb::kLZ4Compression;
    rocksdb::WriteOptions wo;
    wo.disableWAL = true;  // bulk fill; flushed before close
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(o, dir, &raw);
    if (!s.ok()) {
      std::fprintf(stderr, "open: %s\n", s.ToString().c_str());
      return 1;
    }
    std::unique_ptr<rocksdb::DB> db(raw);
    const Clock::time_point start = Clock::now();
    rocksdb::WriteBatch batch;
    uint64_t rng = 88172645463325252ull;
    for (int64_t u = 0; u < units; ++u) {
      rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
      UnitAggregate a;
      a.decisions = per_unit;
      // The arm the server would assign this customer.
      const std::string customer = absl::StrCat("customer-", u);
      const bool control =
          plan->Assign(customer, "").arm_name() == "control";
      a.ghost_decisions = control ? per_unit : 0;
      a.offers_shown = control ? 0 : 3 * per_unit;
      a.offers_accepted = control ? 0 : static_cast<int64_t>((rng >> 8) % 2);
      a.orders = static_cast<int64_t>((rng >> 16) % 10 == 0 ? 1 : 0);
      a.revenue = a.orders * static_cast<int64_t>(2000 + (rng >> 24) % 8000);
      a.pre_orders = static_cast<int64_t>((rng >> 40) % 8 == 0 ? 1 : 0);
      a.pre_revenue = a.pre_orders * 4000;
      batch.Put(rocksdb_keys::AggregateKey(
                    "bench", control ? "control" : "treatment",
                    ContactKeyFor(customer, "")),
                ToStored(a).SerializeAsString());
      if (batch.Count() == 10000) {
        db->Write(wo, &batch);
        batch.Clear();
      }
    }
    db->Write(wo, &batch);
    db->Flush(rocksdb::FlushOptions());
    db->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
    std::printf("fill: %lld aggregates in %.1f s (bulk, not the request "
                "path)\n",
                static_cast<long long>(units), Seconds(start));
  }

  absl::StatusOr<std::unique_ptr<OfferLedger>> ledger =
      NewRocksDbLedger(dir, LedgerOptions());
  if (!ledger.ok()) {
    std::fprintf(stderr, "%s\n", ledger.status().ToString().c_str());
    return 1;
  }
  std::vector<double> times;
  ExperimentReportOptions report_options;
  report_options.sequential = true;
  for (int run = 0; run < 3; ++run) {
    const Clock::time_point start = Clock::now();
    absl::StatusOr<v1::GetExperimentReportResponse> report =
        BuildExperimentReport(*plan, "bench", **ledger, report_options);
    times.push_back(Seconds(start));
    if (!report.ok()) {
      std::fprintf(stderr, "%s\n", report.status().ToString().c_str());
      return 1;
    }
    if (run == 0) {
      int64_t seen = 0;
      for (const auto& arm : report->arms()) seen += arm.units();
      std::printf("report: %lld units read, %lld decisions summarised, SRM "
                  "p=%.3g\n",
                  static_cast<long long>(seen),
                  static_cast<long long>(report->arms(0).decisions() +
                                         report->arms(1).decisions()),
                  report->sample_ratio().p_value());
    }
  }
  std::printf("report time: %.2f s (first), %.2f s, %.2f s; %.0f units/s\n",
              times[0], times[1], times[2],
              static_cast<double>(units) /
                  *std::min_element(times.begin(), times.end()));

  if (probe > 0) {
    const Clock::time_point start = Clock::now();
    for (int64_t i = 0; i < probe; ++i) {
      DecisionRecord d;
      d.decision_id = absl::StrCat("probe-", i);
      d.customer_id = absl::StrCat("probe-customer-", i % 10000);
      d.contact_key = ContactKeyFor(d.customer_id, "");
      d.channel = v1::CHECKOUT;
      d.time = absl::Now();
      d.offers.push_back({"BAG", v1::CROSS_SELL, 4900, "USD"});
      d.experiment = "probe";
      d.arm = i % 2 == 0 ? "control" : "treatment";
      d.ghost = i % 2 == 0;
      absl::Status s = (*ledger)->RecordDecision(d);
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        return 1;
      }
    }
    const double t = Seconds(start);
    std::printf("write probe: %lld RecordDecision (with aggregate) in %.1f s: "
                "%.0f/s on one thread\n",
                static_cast<long long>(probe), t,
                static_cast<double>(probe) / t);
  }
  return 0;
}

}  // namespace
}  // namespace offergraph

int main(int argc, char** argv) { return offergraph::Run(argc, argv); }
