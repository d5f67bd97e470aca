// File: engine.h
// -----------------------------------------------------------------------------
// The decision engine: for one cart against one snapshot and one contact
// history, which offers to show, in which order, and why each other candidate
// was suppressed. Pure and deterministic: no I/O, no clock, no randomness.
// Public API of the embeddable engine library (README, "Embedding the
// engine"); the contact history is the caller's (contact_history.h).
//
// Flow: candidates (cross-sells and upsells of every cart line, and of the
// owned skus where the channel takes history anchors; with deals, bundles
// and quantity breaks, README "Deals") -> scoring
// (affinity: noisy-OR or sum per rules.cross_sell_combination; value) ->
// rules (each candidate kept or suppressed with one reason) -> ranking
// (score desc, sku asc; cut to max_offers).
#ifndef OFFERGRAPH_ENGINE_H_
#define OFFERGRAPH_ENGINE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "offergraph/catalog.h"
#include "offergraph/contact_history.h"
#include "offergraph/context_features.h"
#include "offergraph/snapshot.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {

// The learned propensity model (src/learn/propensity_model.h); an embedding
// application passes none (nullptr: the graph's statistic).
class PropensityModel;

struct CartItem {
  ProductId product = kNoProduct;
  int32_t quantity = 0;
};

// A validated request with skus resolved against the snapshot's catalog.
struct DecisionInput {
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  bool want_cross_sell = true;
  bool want_upsell = true;
  bool want_bundle = true;
  bool want_quantity = true;
  // Known products only, merged, in order. The cart's currency is its first
  // line's; candidates in another are suppressed (CURRENCY_MISMATCH), and
  // lines in another count for nothing in the cart's value.
  std::vector<CartItem> cart;
  std::vector<ProductId> owned;   // known products only
  int32_t max_offers = 0;         // 0 = rules.default_max_offers
  bool complaint_open = false;    // request signal (state is in history)
  bool budget_sensitive = false;  // request signal (state is in history)
  int64_t budget_limit = 0;       // cart currency's minor units; 0 = none
  bool overwhelmed = false;
  int32_t tenure_days = 0;
  bool explain = false;
  // The learned propensity model, or nullptr (or a model whose learning is
  // disabled) for the graph's statistic, as before learning existed. Must
  // outlive the call.
  const PropensityModel* model = nullptr;
  // Uniform draws in [0, 1) for exploration: the decision explores when
  // explore_draw < the model's exploration_share, and pick_draw chooses the
  // explored offer. The caller draws them (the engine has no randomness).
  double explore_draw = 1.0;
  double pick_draw = 0.0;
  // The rules this decision follows instead of the snapshot's (an experiment
  // arm's, see experiments.h), or nullptr for snapshot.rules. Must outlive
  // the call.
  const RuleParams* rules = nullptr;
};

// The rules a decision follows: input.rules, else the snapshot's.
inline const RuleParams& DecisionRules(const Snapshot& snapshot,
                                       const DecisionInput& input) {
  return input.rules != nullptr ? *input.rules : snapshot.rules;
}

// Machine-readable reason an offer is made (Offer.reason).
enum class OfferReason {
  kComplement,
  kComplementMulti,
  kUpgradeTier,
  kUpgradeEdge,
  kBundle,           // "bundle": complete the set
  kQuantityBreak,    // "quantity_break": more units of a cart line
  kComplementOwned,  // "complement_owned": an owned sku is an anchor
};
const char* OfferReasonCode(OfferReason reason);

// One thing to add to the cart when an offer is taken (Offer.items).
struct OfferLine {
  ProductId product = kNoProduct;
  int32_t quantity = 1;
  int64_t unit_price = 0;  // minor units, after any promotion or break
};

struct RankedOffer {
  // kNoProduct for a BUNDLE (see bundle).
  ProductId product = kNoProduct;
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  absl::InlinedVector<ProductId, 4> anchors;
  double score = 0;
  double propensity = 0;
  // The graph's statistic (the propensity when learning is off).
  double affinity = 0;
  // Learned model only: the offer's own (decayed) showings, the credible
  // interval, the model's uncalibrated score (logged for calibration refits)
  // and the context it was scored in.
  double evidence = 0;
  double propensity_low = 0;
  double propensity_high = 0;
  v1::PropensitySource source = v1::GRAPH;
  double model_score = 0;
  double prior_score = 0;  // the model's prior (graph and context)
  ContextFeatures context;
  // Probability with which the policy showed this offer.
  double choice_probability = 1.0;
  int64_t price_delta = 0;  // upsell only, minor units
  OfferReason reason = OfferReason::kComplement;
  uint32_t edge_pitch = 0;  // OfferGraph::pitch index; 0 = use product pitch

  // Money, in minor units of the offer's currency (OfferCurrency). price:
  // the unit price shown (after a valid promotion; a QUANTITY offer's price
  // per unit at the break; a BUNDLE's extra_pay). original_price: the list
  // unit price when a promotion or break lowered it, else 0.
  int64_t price = 0;
  int64_t extra_pay = 0;
  int64_t saving = 0;
  int64_t original_price = 0;
  // When the price stops being offered; InfiniteFuture when it does not.
  absl::Time expires_at = absl::InfiniteFuture();
  // What to add to the cart: one line for a cross-sell or upsell.
  absl::InlinedVector<OfferLine, 2> items;
  // BUNDLE: index into snapshot.deals.bundles(); else -1.
  int32_t bundle = -1;
  // The promotion that set price (index into deals.promotions()), or -1.
  int32_t promotion = -1;
  // QUANTITY: the break reached (index into deals.BreaksOf(product)).
  int32_t quantity_break = -1;
};

struct SuppressedCandidate {
  ProductId product = kNoProduct;  // kNoProduct for a BUNDLE
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  v1::SuppressionReason reason = v1::SUPPRESSION_REASON_UNSPECIFIED;
  int32_t bundle = -1;     // BUNDLE: index into deals.bundles()
  int32_t promotion = -1;  // EXPIRED promotion: index into deals.promotions()
};

// Generated from the proto enum: a new reason grows every array sized by it.
inline constexpr int kSuppressionReasonCount = v1::SuppressionReason_ARRAYSIZE;

struct Decision {
  std::vector<RankedOffer> offers;  // best first
  // True when the decision explored (see DecisionInput.explore_draw).
  bool explored = false;
  // Set when the whole response is suppressed (then offers is empty).
  v1::SuppressionReason suppression = v1::SUPPRESSION_REASON_UNSPECIFIED;
  // Every suppressed candidate, only when DecisionInput.explain.
  std::vector<SuppressedCandidate> suppressed;
  // Suppressed candidates by reason (always filled), for metrics. A whole
  // response suppression with no candidates counts once under its reason.
  std::array<int32_t, kSuppressionReasonCount> suppression_counts{};
};

// The sku an offer or suppression is known by (Offer.sku, the contact
// history's key): a BUNDLE's bundle id, else its product's sku.
inline absl::string_view OfferSku(const Snapshot& snapshot, ProductId product,
                                  int32_t bundle) {
  if (bundle >= 0) return snapshot.deals.bundles()[bundle].id;
  return snapshot.catalog.product(product).sku;
}
inline absl::string_view OfferSku(const Snapshot& snapshot,
                                  const RankedOffer& offer) {
  return OfferSku(snapshot, offer.product, offer.bundle);
}
inline absl::string_view OfferSku(const Snapshot& snapshot,
                                  const SuppressedCandidate& s) {
  return OfferSku(snapshot, s.product, s.bundle);
}
// The currency code the offer's money is in.
const std::string& OfferCurrency(const Snapshot& snapshot,
                                 const RankedOffer& offer);
// The sentence an agent reads out: a bundle's pitch (bundles.csv) or a
// generated "Add the Sleeve and the Mouse and save 12.00 USD"; a quantity
// offer's "Add 1 more and save 10% on each: 2.00 USD off"; else the
// promotion's pitch, the edge's, or the product's.
std::string OfferPitch(const Snapshot& snapshot, const RankedOffer& offer);

// Decides. `now` is the time the contact rules measure windows from, and
// the moment bundles and promotions must be valid at.
// Thread safety: stateless; safe to call concurrently.
Decision Decide(const Snapshot& snapshot, const DecisionInput& input,
                const ContactHistory& history, absl::Time now);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_H_
