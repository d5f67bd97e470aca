#include "mine/bundles_writer.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "mine/atomic_file.h"
#include "mine/edges_csv.h"
#include "mine/split.h"

namespace offergraph::mine {
namespace {

constexpr size_t kWriteChunk = size_t{1} << 16;

}  // namespace

std::string BundlesCsvHeader() {
  return "bundle_id,name,members,discount_percent,support,confidence,lift\n";
}

std::string BundleMembers(const Itemset& set,
                          const std::vector<std::string>& skus) {
  std::vector<absl::string_view> members;
  for (int i = 0; i < set.size; ++i) members.push_back(skus[set.items[i]]);
  std::sort(members.begin(), members.end());
  return absl::StrJoin(members, "|");
}

std::string BundleId(absl::string_view members) {
  return absl::StrFormat("B-%016x", Fnv1a64(members));
}

absl::StatusOr<int64_t> WriteBundlesCsv(
    const std::string& out_path, const BundleResult& result,
    const std::vector<std::string>& skus,
    const absl::flat_hash_map<std::string, std::string>* names,
    double discount_percent) {
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> file =
      AtomicFileWriter::Create(out_path);
  if (!file.ok()) return file.status();
  absl::flat_hash_set<std::string> ids;
  std::string buffer = BundlesCsvHeader();
  absl::Status status;
  std::vector<absl::string_view> sorted;
  std::string name;
  for (const Itemset& set : result.bundles) {
    sorted.clear();
    for (int i = 0; i < set.size; ++i) sorted.push_back(skus[set.items[i]]);
    std::sort(sorted.begin(), sorted.end());
    const std::string members = absl::StrJoin(sorted, "|");
    std::string id = BundleId(members);
    if ((names != nullptr && names->contains(id)) || !ids.insert(id).second) {
      return absl::InternalError(absl::StrCat(
          "bundle id ", id, " of ", members,
          " clashes with another bundle or a catalog sku"));
    }
    name.clear();
    for (absl::string_view sku : sorted) {
      if (!name.empty()) name += " + ";
      const std::string* product_name = nullptr;
      if (names != nullptr) {
        auto it = names->find(sku);
        if (it != names->end() && !it->second.empty()) {
          product_name = &it->second;
        }
      }
      absl::StrAppend(&name, product_name != nullptr ? *product_name : sku);
    }
    absl::StrAppend(&buffer, id, ",", CsvQuote(name), ",", CsvQuote(members),
                    ",");
    AppendShortestDouble(discount_percent, &buffer);
    absl::StrAppend(&buffer, ",", set.support, ",");
    AppendShortestDouble(set.confidence, &buffer);
    buffer += ',';
    AppendShortestDouble(set.lift, &buffer);
    buffer += '\n';
    if (buffer.size() >= kWriteChunk) {
      if (status.ok()) status = (*file)->Append(buffer);
      buffer.clear();
    }
  }
  if (status.ok()) status = (*file)->Append(buffer);
  if (status.ok()) status = (*file)->Commit();
  if (!status.ok()) return status;
  return static_cast<int64_t>(result.bundles.size());
}

}  // namespace offergraph::mine
