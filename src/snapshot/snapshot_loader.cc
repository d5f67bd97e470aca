#include "offergraph/snapshot/snapshot_loader.h"

#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "data/file_util.h"
#include "offergraph/data/catalog_loader.h"
#include "offergraph/data/edges_loader.h"
#include "offergraph/data/rules_loader.h"

namespace offergraph {
namespace {

// 64-bit FNV-1a: stable across processes and machines (unlike absl::Hash),
// so equal files give equal versions on every replica.
class Fnv1a64 {
 public:
  void Add(absl::string_view bytes) {
    for (unsigned char c : bytes) {
      hash_ ^= c;
      hash_ *= 0x100000001b3ULL;
    }
  }
  uint64_t value() const { return hash_; }

 private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const Snapshot>> LoadSnapshot(
    const SnapshotLoadOptions& options, int64_t generation) {
  const absl::Time start = absl::Now();
  if (options.data_dir.empty()) {
    return absl::InvalidArgumentError("data directory: not set");
  }
  const std::string dir = options.data_dir;
  if (!FileExists(dir)) {
    return absl::NotFoundError(absl::StrCat(dir, ": data directory not found"));
  }

  // Rules first: they give the default currency.
  std::string rules_path = options.rules_path;
  std::string rules_text;
  if (rules_path.empty()) {
    const std::string in_dir = dir + "/rules.textproto";
    if (FileExists(in_dir)) rules_path = in_dir;
  }
  auto snapshot = std::make_shared<Snapshot>();
  if (!rules_path.empty()) {
    absl::StatusOr<std::string> text = ReadFileToString(rules_path);
    if (!text.ok()) return text.status();
    rules_text = *std::move(text);
    absl::StatusOr<RuleParams> rules = ParseRulesTextproto(
        rules_text, rules_path.substr(rules_path.rfind('/') + 1));
    if (!rules.ok()) return rules.status();
    snapshot->rules = *std::move(rules);
  }

  absl::StatusOr<std::string> catalog_text =
      ReadFileToString(dir + "/catalog.csv");
  if (!catalog_text.ok()) return catalog_text.status();
  absl::StatusOr<Catalog> catalog = ParseCatalogCsv(
      *catalog_text, "catalog.csv", snapshot->rules.default_currency);
  if (!catalog.ok()) return catalog.status();
  snapshot->catalog = *std::move(catalog);

  absl::StatusOr<std::string> edges_text = ReadFileToString(dir + "/edges.csv");
  if (!edges_text.ok()) return edges_text.status();
  absl::StatusOr<OfferGraph> graph =
      ParseEdgesCsv(*edges_text, "edges.csv", snapshot->catalog);
  if (!graph.ok()) return graph.status();
  snapshot->graph = *std::move(graph);

  Fnv1a64 fingerprint;
  for (absl::string_view part :
       {absl::string_view(rules_text), absl::string_view(*catalog_text),
        absl::string_view(*edges_text)}) {
    fingerprint.Add(absl::StrCat(part.size(), ":"));
    fingerprint.Add(part);
  }
  snapshot->version = absl::StrFormat("%016x", fingerprint.value());
  snapshot->generation = generation;
  snapshot->data_dir = dir;
  snapshot->loaded_at = absl::Now();
  snapshot->load_duration = snapshot->loaded_at - start;
  return std::shared_ptr<const Snapshot>(std::move(snapshot));
}

}  // namespace offergraph
