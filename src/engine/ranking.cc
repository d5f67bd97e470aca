#include "engine/ranking.h"

#include <algorithm>

namespace offergraph {

size_t MaxOffers(const RuleParams& rules, int32_t requested) {
  const int32_t n = requested > 0 ? requested : rules.default_max_offers;
  return static_cast<size_t>(std::max(0, std::min(n, rules.max_offers_cap)));
}

bool RanksBefore(const Snapshot& snapshot, const Candidate& a,
                 const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.product != b.product || a.bundle != b.bundle) {
    // string_view compares as unsigned bytes (char_traits<char>).
    const int c = OfferSku(snapshot, a.product, a.bundle)
                      .compare(OfferSku(snapshot, b.product, b.bundle));
    if (c != 0) return c < 0;
  }
  return a.kind < b.kind;
}

size_t RankCandidates(const Snapshot& snapshot, size_t max_offers,
                      bool rank_rest, std::vector<Candidate*>* valid) {
  // Same product valid as both kinds: adjacent, cross-sell first. Deal
  // candidates follow them and stand alone.
  auto out = valid->begin();
  for (auto it = valid->begin(); it != valid->end(); ++it) {
    if (out != valid->begin() && (*it)->kind <= v1::UPSELL &&
        (*(out - 1))->product == (*it)->product) {
      if ((*it)->score > (*(out - 1))->score) *(out - 1) = *it;
      continue;
    }
    *out++ = *it;
  }
  valid->erase(out, valid->end());

  auto before = [&snapshot](const Candidate* a, const Candidate* b) {
    return RanksBefore(snapshot, *a, *b);
  };
  const size_t keep = std::min(valid->size(), max_offers);
  std::partial_sort(valid->begin(), valid->begin() + keep, valid->end(),
                    before);
  if (rank_rest) std::sort(valid->begin() + keep, valid->end(), before);
  return keep;
}

}  // namespace offergraph
