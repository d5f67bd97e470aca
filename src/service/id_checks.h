// File: id_checks.h
// -----------------------------------------------------------------------------
// The one check for id-like request fields (customer, session and decision
// ids, skus): present when required, at most kMaxIdBytes. Every RPC uses it,
// so every id field is refused alike and no message echoes a customer id.
//
// Example:
//   RETURN_IF_ERROR(CheckId("customer_id", request.customer_id(),
//                           IdRequired::kYes));
#ifndef OFFERGRAPH_SERVICE_ID_CHECKS_H_
#define OFFERGRAPH_SERVICE_ID_CHECKS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace offergraph {

inline constexpr size_t kMaxIdBytes = 128;

enum class IdRequired { kNo, kYes };

// INVALID_ARGUMENT "<field>: must not be empty" when `value` is empty and
// required, "<field>: must be at most 128 bytes, got <n>" when too long.
// Never echoes `value`.
absl::Status CheckId(absl::string_view field, absl::string_view value,
                     IdRequired required);

}  // namespace offergraph

#endif  // OFFERGRAPH_SERVICE_ID_CHECKS_H_
