// File: contact_history.h
// -----------------------------------------------------------------------------
// What the contact rules (cooldowns, decline rests, quiet period, daily cap)
// know about one customer or guest session: its standing state and its recent
// offers and outcomes, as of one moment. The engine reads it; where it comes
// from is the caller's business (the server's OfferLedger stores, or an
// embedding application's own store), so this header holds types only and no
// storage.
//
// Skus are strings, never ProductIds, so a history survives reloads.
//
// Example:
//   ContactHistory history;
//   history.skus["LAPTOP-BAG"].last_declined = now - absl::Hours(1);
//   Decision d = Decide(*snapshot, input, history, now);  // the bag rests
#ifndef OFFERGRAPH_CONTACT_HISTORY_H_
#define OFFERGRAPH_CONTACT_HISTORY_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"

namespace offergraph {

// A customer's standing state, set by the support desk; every channel sees
// it.
struct CustomerState {
  bool complaint_open = false;
  bool budget_sensitive = false;
};

// One sku's recent contact with one customer.
struct SkuContact {
  std::vector<absl::Time> presented;  // ascending
  absl::Time last_declined = absl::InfinitePast();
};

// Everything the contact rules need about one contact key, as of one moment.
// A plain value: safe to share between threads once built.
struct ContactHistory {
  CustomerState state;
  absl::Time last_accepted = absl::InfinitePast();
  // Times of responses that carried at least one offer, ascending.
  std::vector<absl::Time> offer_responses;
  absl::flat_hash_map<std::string, SkuContact> skus;

  bool empty() const {
    return !state.complaint_open && !state.budget_sensitive &&
           last_accepted == absl::InfinitePast() && offer_responses.empty() &&
           skus.empty();
  }
};

}  // namespace offergraph

#endif  // OFFERGRAPH_CONTACT_HISTORY_H_
