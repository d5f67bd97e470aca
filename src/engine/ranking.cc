#include "engine/ranking.h"

#include <algorithm>

namespace offergraph {

size_t MaxOffers(const RuleParams& rules, int32_t requested) {
  const int32_t n = requested > 0 ? requested : rules.default_max_offers;
  return static_cast<size_t>(std::max(0, std::min(n, rules.max_offers_cap)));
}

bool RanksBefore(const Catalog& catalog, const Candidate& a,
                 const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.product != b.product) {
    // std::string compares as unsigned bytes (char_traits<char>).
    const int c =
        catalog.product(a.product).sku.compare(catalog.product(b.product).sku);
    if (c != 0) return c < 0;
  }
  return a.kind < b.kind;
}

size_t RankCandidates(const Catalog& catalog, size_t max_offers, bool rank_rest,
                      std::vector<Candidate*>* valid) {
  // Same product valid as both kinds: adjacent, cross-sell first.
  auto out = valid->begin();
  for (auto it = valid->begin(); it != valid->end(); ++it) {
    if (out != valid->begin() && (*(out - 1))->product == (*it)->product) {
      if ((*it)->score > (*(out - 1))->score) *(out - 1) = *it;
      continue;
    }
    *out++ = *it;
  }
  valid->erase(out, valid->end());

  auto before = [&catalog](const Candidate* a, const Candidate* b) {
    return RanksBefore(catalog, *a, *b);
  };
  const size_t keep = std::min(valid->size(), max_offers);
  std::partial_sort(valid->begin(), valid->begin() + keep, valid->end(),
                    before);
  if (rank_rest) std::sort(valid->begin() + keep, valid->end(), before);
  return keep;
}

}  // namespace offergraph
