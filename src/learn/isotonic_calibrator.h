// File: isotonic_calibrator.h
// -----------------------------------------------------------------------------
// Maps a model's score to a calibrated probability with isotonic regression
// (pool adjacent violators, PAV): the non-decreasing step function that best
// fits the observed acceptance share by score, in weighted least squares.
// Between two fitted blocks the map interpolates linearly, so nearby scores
// keep their order instead of collapsing onto one step; beyond the first and
// last block it returns the score itself, but never below the last block's
// probability (above it) or above the first block's (below it): a score the
// evidence has not reached yet (early on, all logged scores sit in a few
// bins) is not flattened onto the end block.
//
// Fit() takes scores already grouped (for example by the model's score
// rounded to a grid), so refitting costs O(groups log groups) however many
// outcomes there were.
//
// Thread safety: immutable after Fit(); Apply() may be called from any number
// of threads. The default-constructed calibrator is the identity.
#ifndef OFFERGRAPH_LEARN_ISOTONIC_CALIBRATOR_H_
#define OFFERGRAPH_LEARN_ISOTONIC_CALIBRATOR_H_

#include <vector>

namespace offergraph {

// Outcomes of offers shown with (about) one score.
struct ScoredOutcomes {
  double score = 0;      // the model's score, in [0, 1]
  double presented = 0;  // weight; groups with none are ignored
  double accepted = 0;   // at most presented
};

class IsotonicCalibrator {
 public:
  // The identity map.
  IsotonicCalibrator() = default;

  // Fits the map to `groups`. With less than `min_presented` showings in
  // total the result is the identity (too little evidence to move scores).
  // Output probabilities are kept within [floor, 1 - floor].
  static IsotonicCalibrator Fit(std::vector<ScoredOutcomes> groups,
                                double min_presented, double floor);

  // The calibrated probability for `score`.
  double Apply(double score) const;

  bool identity() const { return knots_.empty(); }
  // Number of blocks the fit produced (0 for the identity).
  int knots() const { return static_cast<int>(knots_.size()); }

 private:
  struct Knot {
    double score;        // weighted mean score of the block
    double probability;  // acceptance share of the block, clamped
  };
  std::vector<Knot> knots_;  // ascending in score and (weakly) probability
  double floor_ = 0;
};

}  // namespace offergraph

#endif  // OFFERGRAPH_LEARN_ISOTONIC_CALIBRATOR_H_
