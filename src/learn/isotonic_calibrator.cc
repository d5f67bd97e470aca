#include "learn/isotonic_calibrator.h"

#include <algorithm>

namespace offergraph {

IsotonicCalibrator IsotonicCalibrator::Fit(std::vector<ScoredOutcomes> groups,
                                           double min_presented,
                                           double floor) {
  groups.erase(std::remove_if(groups.begin(), groups.end(),
                              [](const ScoredOutcomes& g) {
                                return !(g.presented > 0);
                              }),
               groups.end());
  double total = 0;
  for (const ScoredOutcomes& g : groups) total += g.presented;
  IsotonicCalibrator out;
  out.floor_ = floor;
  if (groups.empty() || total < min_presented) return out;
  std::sort(groups.begin(), groups.end(),
            [](const ScoredOutcomes& a, const ScoredOutcomes& b) {
              return a.score < b.score;
            });

  // Pool adjacent violators: a stack of blocks, each with its weight, its
  // weighted score sum and its accepted count; a block whose share is not
  // above its predecessor's merges into it.
  struct Block {
    double weight;
    double score_sum;
    double accepted;
    double share() const { return accepted / weight; }
  };
  std::vector<Block> blocks;
  blocks.reserve(groups.size());
  for (const ScoredOutcomes& g : groups) {
    const double accepted = std::clamp(g.accepted, 0.0, g.presented);
    blocks.push_back({g.presented, g.score * g.presented, accepted});
    while (blocks.size() >= 2 &&
           blocks[blocks.size() - 2].share() >= blocks.back().share()) {
      Block last = blocks.back();
      blocks.pop_back();
      blocks.back().weight += last.weight;
      blocks.back().score_sum += last.score_sum;
      blocks.back().accepted += last.accepted;
    }
  }
  out.knots_.reserve(blocks.size());
  for (const Block& b : blocks) {
    out.knots_.push_back({b.score_sum / b.weight,
                          std::clamp(b.share(), floor, 1 - floor)});
  }
  return out;
}

double IsotonicCalibrator::Apply(double score) const {
  if (knots_.empty()) return score;
  // Beyond the fitted range, the score itself, but never on the wrong side
  // of the end block: scores the evidence has not reached yet (early on, all
  // logged scores sit in a few bins) keep their order and are not flattened
  // onto the end block.
  if (score <= knots_.front().score) {
    return std::clamp(std::min(score, knots_.front().probability), floor_,
                      1 - floor_);
  }
  if (score >= knots_.back().score) {
    return std::clamp(std::max(score, knots_.back().probability), floor_,
                      1 - floor_);
  }
  auto next = std::upper_bound(
      knots_.begin(), knots_.end(), score,
      [](double s, const Knot& k) { return s < k.score; });
  auto prev = next - 1;
  const double span = next->score - prev->score;
  if (span <= 0) return next->probability;
  const double t = (score - prev->score) / span;
  return prev->probability + t * (next->probability - prev->probability);
}

}  // namespace offergraph
