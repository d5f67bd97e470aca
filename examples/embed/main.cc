// An application deciding offers in process instead of calling offergraph
// over the network: load a data directory once, then decide for a cart with
// a contact history the application keeps itself.
//
// Usage: embed_example <data_dir> <sku>...
// Decides for the cart twice on the checkout channel: with no history, then
// with the first offer declined a minute ago (it then rests).
#include <cstdio>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "offergraph/contact_history.h"
#include "offergraph/engine.h"
#include "offergraph/snapshot_loader.h"

namespace {

void Print(const offergraph::Snapshot& snapshot,
           const offergraph::Decision& decision) {
  if (decision.suppression != offergraph::v1::SUPPRESSION_REASON_UNSPECIFIED) {
    std::printf(
        "  no offers: %s\n",
        offergraph::v1::SuppressionReason_Name(decision.suppression).c_str());
  }
  int rank = 0;
  for (const offergraph::RankedOffer& offer : decision.offers) {
    // OfferSku: a product's sku, or a BUNDLE's bundle id (a bundle is not
    // one product); price and currency are the offer's, after any deal.
    std::printf("  %d. %s %s %lld %s (minor units) score %.3f\n", ++rank,
                offergraph::v1::OfferKind_Name(offer.kind).c_str(),
                std::string(offergraph::OfferSku(snapshot, offer)).c_str(),
                static_cast<long long>(offer.price),
                offergraph::OfferCurrency(snapshot, offer).c_str(),
                offer.score);
  }
  for (const offergraph::SuppressedCandidate& s : decision.suppressed) {
    std::printf("  suppressed %s %s\n",
                std::string(offergraph::OfferSku(snapshot, s)).c_str(),
                offergraph::v1::SuppressionReason_Name(s.reason).c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <data_dir> <sku>...\n", argv[0]);
    return 2;
  }
  offergraph::SnapshotLoadOptions options;
  options.data_dir = argv[1];
  absl::StatusOr<offergraph::SnapshotPtr> snapshot =
      offergraph::LoadSnapshot(options, /*generation=*/1);
  if (!snapshot.ok()) {
    std::fprintf(stderr, "%s\n", snapshot.status().ToString().c_str());
    return 1;
  }
  const offergraph::Snapshot& data = **snapshot;
  std::printf("snapshot %s: %zu products\n", data.version.c_str(),
              data.catalog.size());

  offergraph::DecisionInput input;
  input.channel = offergraph::v1::CHECKOUT;
  input.explain = true;
  for (int i = 2; i < argc; ++i) {
    offergraph::ProductId id = data.catalog.Find(argv[i]);
    if (id == offergraph::kNoProduct) {
      std::fprintf(stderr, "unknown sku %s (ignored)\n", argv[i]);
      continue;
    }
    bool merged = false;  // the engine wants each product once
    for (offergraph::CartItem& item : input.cart) {
      if (item.product == id) merged = ++item.quantity > 0;
    }
    if (!merged) input.cart.push_back({id, 1});
  }

  const absl::Time now = absl::Now();
  offergraph::ContactHistory history;
  offergraph::Decision first = offergraph::Decide(data, input, history, now);
  std::printf("no history:\n");
  Print(data, first);
  if (first.offers.empty()) return 0;

  const std::string declined(offergraph::OfferSku(data, first.offers.front()));
  history.skus[declined].last_declined = now - absl::Minutes(1);
  std::printf("%s declined a minute ago:\n", declined.c_str());
  Print(data, offergraph::Decide(data, input, history, now));
  return 0;
}
