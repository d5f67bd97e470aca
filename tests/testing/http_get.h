// File: http_get.h
// -----------------------------------------------------------------------------
// A plain HTTP GET through libcurl, for tests that scrape /metrics or query
// Prometheus' API.
#ifndef OFFERGRAPH_TESTS_TESTING_HTTP_GET_H_
#define OFFERGRAPH_TESTS_TESTING_HTTP_GET_H_

#include <string>

#include "absl/status/statusor.h"

namespace offergraph::testing {

// Returns the body of a 200 response; an error for anything else.
absl::StatusOr<std::string> HttpGet(const std::string& url);

}  // namespace offergraph::testing

#endif  // OFFERGRAPH_TESTS_TESTING_HTTP_GET_H_
