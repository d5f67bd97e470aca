#include "offergraph/ledger/offer_ledger.h"

#include "absl/strings/str_cat.h"

namespace offergraph {

absl::StatusOr<CustomerView> OfferLedger::GetCustomerView(
    absl::string_view customer_id, const RuleParams& rules, absl::Time now) {
  return absl::UnimplementedError(
      absl::StrCat("the ", name(), " ledger has no customer view"));
}

absl::StatusOr<int64_t> OfferLedger::EraseCustomer(
    absl::string_view customer_id) {
  return absl::UnimplementedError(
      absl::StrCat("the ", name(), " ledger cannot erase customers"));
}

}  // namespace offergraph
