// File: customer_model.h
// -----------------------------------------------------------------------------
// The simulated customer of offergraph-sim: whether a customer accepts an
// offer, from a hidden probability the service never sees.
//
// Each session is a real basket with some items held out of the cart. An
// offer of item j in session s is accepted with probability
//
//   min(0.95, appeal_j * (j was held out of s's basket ? bought : other))
//
// where appeal_j = exp(appeal_sigma * z_j), z_j standard normal from a hash of
// the item (so items differ in how well they sell as offers, which the graph
// does not know), `bought` is the base rate for an item the customer really
// bought and `other` for any other item. After a change of taste (Flip), the
// appeal of a hashed share of the items is inverted (appeal -> 1 / appeal):
// offers that sold well stop selling and the reverse.
//
// Every draw is a hash of (seed, what it is about), so two policies shown the
// same session see the same coin for the same offer (common random numbers).
//
// Thread safety: immutable except Flip(); not for concurrent use.
#ifndef OFFERGRAPH_SIM_CUSTOMER_MODEL_H_
#define OFFERGRAPH_SIM_CUSTOMER_MODEL_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace offergraph::sim {

struct CustomerModelOptions {
  uint64_t seed = 1;
  double bought = 0.3;        // base acceptance of a held-out item
  double other = 0.01;        // base acceptance of any other item
  double appeal_sigma = 1.0;  // spread of the items' hidden appeal
  double flip_share = 0.3;    // share of items whose appeal a Flip inverts
};

// A uniform draw in [0, 1) from XXH3 of (seed, key, n).
double HashUniform(uint64_t seed, absl::string_view key, uint64_t n);
// A standard normal draw from two hash uniforms (Box-Muller).
double HashNormal(uint64_t seed, absl::string_view key);

class CustomerModel {
 public:
  explicit CustomerModel(CustomerModelOptions options) : options_(options) {}

  // The hidden probability that the customer of session `session` accepts
  // an offer of `sku`; `bought` says whether it was held out of the basket.
  double AcceptProbability(absl::string_view sku, bool bought) const;

  // Whether the customer accepts: the session's coin for this sku against
  // AcceptProbability.
  bool Accepts(uint64_t session, absl::string_view sku, bool bought) const {
    return Accepts(session, sku, bought, 1.0);
  }
  // The same coin against min(1, multiplier * AcceptProbability): an
  // experiment's treatment that makes offers sell better (multiplier > 1).
  bool Accepts(uint64_t session, absl::string_view sku, bool bought,
               double multiplier) const;

  // The change of taste: from now on flipped items' appeal is inverted.
  void Flip() { flipped_ = true; }
  bool flipped() const { return flipped_; }
  bool IsFlippable(absl::string_view sku) const;

 private:
  double Appeal(absl::string_view sku) const;

  CustomerModelOptions options_;
  bool flipped_ = false;
};

}  // namespace offergraph::sim

#endif  // OFFERGRAPH_SIM_CUSTOMER_MODEL_H_
