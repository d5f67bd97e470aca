// File: ranking_metrics.h
// -----------------------------------------------------------------------------
// Leave-one-out ranking metrics with one relevant item per query:
//   HitRate@k = share of queries whose held-out item is among the first k
//               recommendations;
//   NDCG@k    = mean of 1 / log2(1 + rank) when rank <= k, else 0 (the ideal
//               DCG of a single relevant item is 1);
//   coverage  = distinct recommended items / catalog size;
//   empty_share = share of queries with no recommendation at all.
//
// Example:
//   RankingMetrics m(catalog_size);
//   m.Add({7, 3, 9}, /*held_out=*/3);   // hit at rank 2
//   MethodMetrics r = m.Result();       // r.hit_rate[1] (k=3) == 1
#ifndef OFFERGRAPH_MINE_RANKING_METRICS_H_
#define OFFERGRAPH_MINE_RANKING_METRICS_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace offergraph::mine {

inline constexpr std::array<int, 3> kCutoffs = {1, 3, 10};

struct MethodMetrics {
  std::array<double, 3> hit_rate{};  // at kCutoffs
  std::array<double, 3> ndcg{};      // at kCutoffs
  double coverage = 0;
  double empty_share = 0;
  double mean_offers = 0;     // recommendations per query (at most 10)
  double hits_per_offer = 0;  // HitRate@10 / mean_offers: share of shown
                              // offers that were the held-out item
  int64_t queries = 0;
};

// Accumulates queries. Not thread-safe.
class RankingMetrics {
 public:
  explicit RankingMetrics(size_t catalog_size);
  // `recommended`: best first, only the first 10 count; ids < catalog_size.
  void Add(absl::Span<const uint32_t> recommended, uint32_t held_out);
  MethodMetrics Result() const;

 private:
  size_t catalog_size_;
  int64_t queries_ = 0;
  int64_t empty_ = 0;
  int64_t offers_ = 0;
  std::array<int64_t, 3> hits_{};
  std::array<double, 3> dcg_{};
  std::vector<bool> seen_;
  int64_t distinct_ = 0;
};

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_RANKING_METRICS_H_
