#include "mine/edges_writer.h"

#include <memory>
#include <utility>

#include "mine/atomic_file.h"
#include "mine/edges_csv.h"

namespace offergraph::mine {
namespace {

// Written to the file in pieces of about this size.
constexpr size_t kWriteChunk = size_t{1} << 16;

}  // namespace

absl::StatusOr<EdgesWritten> WriteMinedEdges(
    const std::string& out_path, const MineResult& result,
    const std::vector<std::string>& skus,
    const absl::flat_hash_set<std::string>& known,
    const std::vector<CuratedEdge>& curated) {
  EdgesWritten out;
  std::unique_ptr<AtomicFileWriter> file;
  if (!out_path.empty()) {
    absl::StatusOr<std::unique_ptr<AtomicFileWriter>> f =
        AtomicFileWriter::Create(out_path);
    if (!f.ok()) return f.status();
    file = *std::move(f);
  }
  CuratedMerger merger(curated);
  const bool pitch = merger.has_pitch();
  std::string buffer = EdgesCsvHeader(pitch);
  absl::Status status;
  auto write = [&](const EdgeRow& row) {
    ++out.edges;
    if (file == nullptr) return;
    AppendEdgeRow(row, pitch, &buffer);
    if (buffer.size() >= kWriteChunk) {
      if (status.ok()) status = file->Append(buffer);
      buffer.clear();
    }
  };
  EdgeRow row;  // reused: its strings keep their capacity
  for (const Rule& r : result.rules) {
    row.from = skus[r.from];
    row.to = skus[r.to];
    if (!known.empty() &&
        (!known.contains(row.from) || !known.contains(row.to))) {
      ++out.dropped_unknown;
      continue;
    }
    row.weight = r.confidence;
    row.support = r.support;
    row.lift = r.lift;
    merger.Push(row, write);
  }
  out.curated = merger.Finish(write);
  if (file == nullptr) return out;
  if (status.ok()) status = file->Append(buffer);
  if (status.ok()) status = file->Commit();
  if (!status.ok()) return status;
  return out;
}


}  // namespace offergraph::mine
