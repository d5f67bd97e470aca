#include "absl/strings/str_cat.h"
#include "ledger/offer_ledger.h"

namespace offergraph {

std::string ContactKeyFor(absl::string_view customer_id,
                          absl::string_view session_id) {
  if (!customer_id.empty()) return absl::StrCat("c:", customer_id);
  if (!session_id.empty()) return absl::StrCat("s:", session_id);
  return std::string();
}

}  // namespace offergraph
