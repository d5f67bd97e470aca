#include "mine/ranking_metrics.h"

#include <algorithm>
#include <cmath>

namespace offergraph::mine {

RankingMetrics::RankingMetrics(size_t catalog_size)
    : catalog_size_(catalog_size), seen_(catalog_size, false) {}

void RankingMetrics::Add(absl::Span<const uint32_t> recommended,
                         uint32_t held_out) {
  ++queries_;
  const size_t n = std::min<size_t>(recommended.size(), kCutoffs.back());
  if (n == 0) ++empty_;
  offers_ += static_cast<int64_t>(n);
  for (size_t i = 0; i < n; ++i) {
    const uint32_t id = recommended[i];
    if (id < seen_.size() && !seen_[id]) {
      seen_[id] = true;
      ++distinct_;
    }
    if (id != held_out) continue;
    const int rank = static_cast<int>(i) + 1;
    for (size_t c = 0; c < kCutoffs.size(); ++c) {
      if (rank <= kCutoffs[c]) {
        ++hits_[c];
        dcg_[c] += 1.0 / std::log2(1.0 + rank);
      }
    }
    break;
  }
}

MethodMetrics RankingMetrics::Result() const {
  MethodMetrics m;
  m.queries = queries_;
  const double q = queries_ > 0 ? static_cast<double>(queries_) : 1.0;
  for (size_t c = 0; c < kCutoffs.size(); ++c) {
    m.hit_rate[c] = static_cast<double>(hits_[c]) / q;
    m.ndcg[c] = dcg_[c] / q;
  }
  m.coverage = catalog_size_ > 0 ? static_cast<double>(distinct_) /
                                       static_cast<double>(catalog_size_)
                                 : 0;
  m.empty_share = static_cast<double>(empty_) / q;
  m.mean_offers = static_cast<double>(offers_) / q;
  m.hits_per_offer =
      offers_ > 0 ? static_cast<double>(hits_[2]) / static_cast<double>(offers_)
                  : 0;
  return m;
}

}  // namespace offergraph::mine
