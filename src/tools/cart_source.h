// File: cart_source.h
// -----------------------------------------------------------------------------
// Where the load generator's requests come from: the skus that have
// out-edges (read from a data directory's edges.csv, or listed in a file),
// and a pool of random SuggestRequests drawn from them with a realistic mix
// of channels, customers and session signals.
#ifndef OFFERGRAPH_TOOLS_CART_SOURCE_H_
#define OFFERGRAPH_TOOLS_CART_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "offergraph/v1/offer_service.pb.h"

namespace offergraph {
namespace tools {

// Distinct from_sku values of `<data_dir>/edges.csv`, in first-seen order.
// Every one of them is in the catalog when the directory loads.
absl::StatusOr<std::vector<std::string>> ReadSkusWithEdges(
    const std::string& data_dir);

// One sku per line; blank lines ignored.
absl::StatusOr<std::vector<std::string>> ReadSkusFile(const std::string& path);

struct RequestMix {
  int cart_lines = 5;
  int64_t pool_size = 20000;   // distinct requests, reused round-robin
  int64_t customers = 100000;  // customer id pool ("cust-<n>")
  double guest_share = 0.1;    // no customer id, a session id only
  // Channels: the rest of the share is CHECKOUT.
  double browse_share = 0.05;
  double post_purchase_share = 0.03;
  double support_desk_share = 0.02;
  double complaint_share = 0.02;  // signals.complaint_open
  double budget_share = 0.1;      // signals.budget_sensitive
  uint64_t seed = 1;
};

// Deterministic for a seed. Every cart has exactly `cart_lines` distinct skus
// (fewer only when `skus` has fewer). INVALID_ARGUMENT if skus is empty.
absl::StatusOr<std::vector<v1::SuggestRequest>> BuildRequests(
    const std::vector<std::string>& skus, const RequestMix& mix);

}  // namespace tools
}  // namespace offergraph

#endif  // OFFERGRAPH_TOOLS_CART_SOURCE_H_
