// Fuzz target: the Suggest request path without the network. Bytes are
// decoded as a SuggestRequest (as gRPC would), validated, and run through the
// engine against the demo snapshot with a history derived from the request.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "offergraph/engine.h"
#include "offergraph/snapshot_loader.h"
#include "offergraph/v1/offer_service.pb.h"
#include "service/suggest_convert.h"

namespace {

const offergraph::Snapshot& DemoSnapshot() {
  static const offergraph::SnapshotPtr* snapshot = [] {
    offergraph::SnapshotLoadOptions options;
    const char* dir = std::getenv("OFFERGRAPH_DEMO_DIR");
    options.data_dir = dir != nullptr ? dir : OFFERGRAPH_DEMO_DIR;
    auto loaded = offergraph::LoadSnapshot(options, 1);
    if (!loaded.ok()) __builtin_trap();
    return new offergraph::SnapshotPtr(*std::move(loaded));
  }();
  return **snapshot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  offergraph::v1::SuggestRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return 0;
  const offergraph::Snapshot& snapshot = DemoSnapshot();
  auto converted = offergraph::ConvertSuggestRequest(request, snapshot);
  if (!converted.ok()) return 0;
  // A history touching the cart's skus, so the contact rules run too.
  offergraph::ContactHistory history;
  const absl::Time now = absl::FromUnixSeconds(1800000000);
  for (const auto& line : request.cart()) {
    offergraph::SkuContact& c = history.skus[line.sku()];
    c.presented = {now - absl::Hours(50), now - absl::Hours(2),
                   now - absl::Hours(1)};
    if (line.quantity() % 2)
      c.last_declined = now - absl::Hours(line.quantity() % 1000);
  }
  history.state.budget_sensitive = request.session_id().size() % 2;
  offergraph::Decision decision =
      offergraph::Decide(snapshot, converted->input, history, now);
  // Invariants users rely on.
  const int max = converted->input.max_offers > 0
                      ? converted->input.max_offers
                      : snapshot.rules.default_max_offers;
  if (static_cast<int>(decision.offers.size()) > max) __builtin_trap();
  if (decision.suppression != offergraph::v1::SUPPRESSION_REASON_UNSPECIFIED &&
      !decision.offers.empty()) {
    __builtin_trap();
  }
  offergraph::v1::SuggestResponse response;
  offergraph::FillSuggestResponse(snapshot, decision, *converted, &response);
  return 0;
}
