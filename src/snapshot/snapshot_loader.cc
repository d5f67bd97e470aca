#include "offergraph/snapshot_loader.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "data/catalog_loader.h"
#include "data/deals_loader.h"
#include "data/edges_loader.h"
#include "data/load_phases.h"
#include "data/parse_progress.h"
#include "data/rules_loader.h"
#include "snapshot/fingerprint.h"
#include "util/file_util.h"
#include "util/status_macros.h"

namespace offergraph {
namespace {

// Parses a memory-mapped data file front to back, adding each stretch the
// parser has finished with to the fingerprint while it is still in cache and
// then returning its pages, so resident memory stays near the size of the
// parsed result rather than the file.
template <typename T>
absl::StatusOr<T> ParseMapped(
    const std::string& path, Fingerprint* fingerprint,
    absl::FunctionRef<absl::StatusOr<T>(absl::string_view, ParseProgress,
                                        const MappedFile&)>
        parse,
    LoadPhases* phases) {
  absl::StatusOr<MappedFile> file = MappedFile::Open(path);
  if (!file.ok()) return file.status();
  const absl::string_view contents = file->contents();
  fingerprint->BeginFile(contents.size());
  phases->Mark(absl::StrCat(BaseName(path), ": open"));
  size_t hashed = 0;
  return parse(
      contents,
      [&](size_t done) {
        // In steps, so that bytes another thread has parsed (and
        // released) come back in a few MiB at a time, not all at once.
        const size_t upto = std::min(done, contents.size());
        while (hashed < upto) {
          const size_t step = std::min(upto - hashed, kParseProgressStep);
          fingerprint->Add(contents.substr(hashed, step));
          hashed += step;
          file->ReleaseBefore(hashed);
        }
      },
      *file);
}

// Reads the optional deals files after the catalog and builds their
// indexes. A file that is present adds its name and then its bytes to the
// fingerprint (as two files), so a directory without any of them keeps the
// version it had before deals existed, and equal bytes under different
// names do not give equal versions.
absl::StatusOr<Deals> LoadDeals(const std::string& dir, const Catalog& catalog,
                                Fingerprint* fingerprint, LoadPhases* phases) {
  // Reads `name` when present into *text; false when absent.
  auto read = [&](absl::string_view name,
                  std::string* text) -> absl::StatusOr<bool> {
    const std::string path = absl::StrCat(dir, "/", name);
    if (!FileExists(path)) return false;
    ASSIGN_OR_RETURN(*text, ReadFileToString(path));
    fingerprint->BeginFile(name.size());
    fingerprint->Add(name);
    fingerprint->BeginFile(text->size());
    fingerprint->Add(*text);
    return true;
  };
  std::string text;
  std::vector<Bundle> bundles;
  ASSIGN_OR_RETURN(bool has_bundles, read("bundles.csv", &text));
  if (has_bundles) {
    ASSIGN_OR_RETURN(bundles, ParseBundlesCsv(text, "bundles.csv", catalog));
    phases->Mark("bundles.csv");
  }
  QuantityBreakTable breaks;
  ASSIGN_OR_RETURN(bool has_breaks, read("quantity_breaks.csv", &text));
  if (has_breaks) {
    ASSIGN_OR_RETURN(
        breaks, ParseQuantityBreaksCsv(text, "quantity_breaks.csv", catalog));
    phases->Mark("quantity_breaks.csv");
  }
  std::vector<Promotion> promotions;
  ASSIGN_OR_RETURN(bool has_promotions, read("promotions.csv", &text));
  if (has_promotions) {
    ASSIGN_OR_RETURN(promotions,
                     ParsePromotionsCsv(text, "promotions.csv", catalog));
    phases->Mark("promotions.csv");
  }
  if (!has_bundles && !has_breaks && !has_promotions) return Deals();
  Deals deals(catalog, std::move(bundles), std::move(breaks.products),
              std::move(breaks.breaks), std::move(promotions));
  phases->Mark("deals: index");
  return deals;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Snapshot>> LoadSnapshot(
    const SnapshotLoadOptions& options, int64_t generation) {
  const absl::Time start = absl::Now();
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("data directory: not set");
  }
  const std::string& dir = options.data_dir;
  if (!FileExists(dir)) {
    return absl::NotFoundError(absl::StrCat(dir, ": data directory not found"));
  }
  auto snapshot = std::make_shared<Snapshot>();
  Fingerprint fingerprint;
  LoadPhases phases;

  // Rules first: they give the default currency.
  std::string rules_path = options.rules_path;
  if (rules_path.empty()) {
    const std::string in_dir = dir + "/rules.textproto";
    if (FileExists(in_dir)) rules_path = in_dir;
  }
  std::string rules_text;  // absent rules fingerprint as an empty file
  if (!rules_path.empty()) {
    ASSIGN_OR_RETURN(rules_text, ReadFileToString(rules_path));
    ASSIGN_OR_RETURN(LoadedRules rules,
                     ParseRulesConfig(rules_text, BaseName(rules_path)));
    snapshot->rules = std::move(rules.params);
    snapshot->experiments = std::move(rules.experiments);
  }
  fingerprint.BeginFile(rules_text.size());
  fingerprint.Add(rules_text);
  phases.Mark("rules");

  ASSIGN_OR_RETURN(snapshot->catalog,
                   ParseMapped<Catalog>(
                       dir + "/catalog.csv", &fingerprint,
                       [&](absl::string_view text, ParseProgress progress,
                           const MappedFile&) {
                         return ParseCatalogCsv(
                             text, "catalog.csv",
                             snapshot->rules.default_currency, progress,
                             &phases);
                       },
                       &phases));
  ASSIGN_OR_RETURN(snapshot->graph,
                   ParseMapped<OfferGraph>(
                       dir + "/edges.csv", &fingerprint,
                       [&](absl::string_view text, ParseProgress progress,
                           const MappedFile& file) {
                         EdgesParseOptions parallel;
                         parallel.threads = options.parse_threads;
                         parallel.release = [&file](size_t begin, size_t end) {
                           file.ReleaseRange(begin, end);
                         };
                         return ParseEdgesCsv(text, "edges.csv",
                                              snapshot->catalog, progress,
                                              parallel, &phases);
                       },
                       &phases));
  phases.Mark("edges.csv: close");
  ASSIGN_OR_RETURN(snapshot->deals,
                   LoadDeals(dir, snapshot->catalog, &fingerprint, &phases));

  snapshot->version = fingerprint.Hex();
  snapshot->generation = generation;
  snapshot->data_dir = dir;
  snapshot->loaded_at = absl::Now();
  snapshot->load_duration = snapshot->loaded_at - start;
  snapshot->load_phases = phases.Summary();
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

}  // namespace offergraph
