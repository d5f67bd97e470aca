// File: status_macros.h
// -----------------------------------------------------------------------------
// RETURN_IF_ERROR and ASSIGN_OR_RETURN for absl::Status / absl::StatusOr.
//
// Example:
//   ASSIGN_OR_RETURN(Catalog catalog, LoadCatalogFile(path, "USD"));
//   RETURN_IF_ERROR(Validate(catalog));
#ifndef OFFERGRAPH_UTIL_STATUS_MACROS_H_
#define OFFERGRAPH_UTIL_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define OFFERGRAPH_CONCAT_INNER_(a, b) a##b
#define OFFERGRAPH_CONCAT_(a, b) OFFERGRAPH_CONCAT_INNER_(a, b)

#define RETURN_IF_ERROR(expr)                                \
  do {                                                       \
    ::absl::Status offergraph_status_ = (expr);              \
    if (!offergraph_status_.ok()) return offergraph_status_; \
  } while (0)

#define OFFERGRAPH_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                      \
  if (!statusor.ok()) return std::move(statusor).status();     \
  lhs = *std::move(statusor)

#define ASSIGN_OR_RETURN(lhs, expr)  \
  OFFERGRAPH_ASSIGN_OR_RETURN_IMPL_( \
      OFFERGRAPH_CONCAT_(offergraph_statusor_, __LINE__), lhs, expr)

#endif  // OFFERGRAPH_UTIL_STATUS_MACROS_H_
