#include "service/id_checks.h"

#include "absl/strings/str_format.h"

namespace offergraph {

absl::Status CheckId(absl::string_view field, absl::string_view value,
                     IdRequired required) {
  if (value.empty()) {
    if (required == IdRequired::kNo) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: must not be empty", field));
  }
  if (value.size() > kMaxIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: must be at most %d bytes, got %d", field,
                        kMaxIdBytes, value.size()));
  }
  return absl::OkStatus();
}

}  // namespace offergraph
