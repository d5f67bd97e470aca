// File: engine_test_util.h
// -----------------------------------------------------------------------------
// Helpers for the engine tests: a request for a cart of skus, and lookups of
// offers and suppressions by sku.
#ifndef OFFERGRAPH_TESTS_ENGINE_ENGINE_TEST_UTIL_H_
#define OFFERGRAPH_TESTS_ENGINE_ENGINE_TEST_UTIL_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot.h"

namespace offergraph::testing {

// The engine has no clock: every test decides at this instant.
inline const absl::Time kNow = absl::FromUnixSeconds(1800000000);

// A request for `skus` (one of each, in this order) on `channel`, with
// explain on and room for 10 offers.
inline DecisionInput CartInput(const Snapshot& s,
                               std::initializer_list<const char*> skus,
                               v1::Channel channel = v1::CHECKOUT) {
  DecisionInput in;
  in.channel = channel;
  for (const char* sku : skus) in.cart.push_back({s.catalog.Find(sku), 1});
  in.explain = true;
  in.max_offers = 10;
  return in;
}

inline std::string SkuOf(const Snapshot& s, ProductId id) {
  return s.catalog.product(id).sku;
}

// The offered skus, best first.
inline std::vector<std::string> OfferSkus(const Snapshot& s,
                                          const Decision& d) {
  std::vector<std::string> out;
  for (const RankedOffer& o : d.offers) out.push_back(SkuOf(s, o.product));
  return out;
}

// The suppressed candidates' skus, in the order Decision.suppressed lists
// them.
inline std::vector<std::string> SuppressedSkus(const Snapshot& s,
                                               const Decision& d) {
  std::vector<std::string> out;
  for (const SuppressedCandidate& c : d.suppressed) {
    out.push_back(SkuOf(s, c.product));
  }
  return out;
}

// Why `sku` (as `kind`, or either kind when UNSPECIFIED) was suppressed;
// UNSPECIFIED when it is not listed.
inline v1::SuppressionReason ReasonFor(
    const Snapshot& s, const Decision& d, const std::string& sku,
    v1::OfferKind kind = v1::OFFER_KIND_UNSPECIFIED) {
  for (const SuppressedCandidate& c : d.suppressed) {
    if (SkuOf(s, c.product) == sku &&
        (kind == v1::OFFER_KIND_UNSPECIFIED || c.kind == kind)) {
      return c.reason;
    }
  }
  return v1::SUPPRESSION_REASON_UNSPECIFIED;
}

// The offer of `sku`, or nullptr.
inline const RankedOffer* FindOffer(const Snapshot& s, const Decision& d,
                                    const std::string& sku) {
  for (const RankedOffer& o : d.offers) {
    if (SkuOf(s, o.product) == sku) return &o;
  }
  return nullptr;
}

inline int TotalSuppressed(const Decision& d) {
  int total = 0;
  for (int n : d.suppression_counts) total += n;
  return total;
}

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_ENGINE_ENGINE_TEST_UTIL_H_
