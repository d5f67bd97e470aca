// File: engine.h
// -----------------------------------------------------------------------------
// The decision engine: for one cart against one snapshot and one contact
// history, which offers to show, in which order, and why each other candidate
// was suppressed. Pure and deterministic: no I/O, no clock, no randomness.
// Public API of the embeddable engine library (README, "Embedding the
// engine"); the contact history is the caller's (contact_history.h).
//
// Flow: candidates (cross-sells and upsells of every cart line) -> scoring
// (affinity: noisy-OR or sum per rules.cross_sell_combination; value) ->
// rules (each candidate kept or suppressed with one reason) -> ranking
// (score desc, sku asc; cut to max_offers).
#ifndef OFFERGRAPH_ENGINE_H_
#define OFFERGRAPH_ENGINE_H_

#include <array>
#include <cstdint>
#include <vector>

#include "absl/container/inlined_vector.h"
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
  kUpgradeEdge
};
const char* OfferReasonCode(OfferReason reason);

struct RankedOffer {
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
};

struct SuppressedCandidate {
  ProductId product = kNoProduct;
  v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED;
  v1::SuppressionReason reason = v1::SUPPRESSION_REASON_UNSPECIFIED;
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

// Decides. `now` is the time the contact rules measure windows from.
// Thread safety: stateless; safe to call concurrently.
Decision Decide(const Snapshot& snapshot, const DecisionInput& input,
                const ContactHistory& history, absl::Time now);

}  // namespace offergraph

#endif  // OFFERGRAPH_ENGINE_H_
