// File: openapi.h
// -----------------------------------------------------------------------------
// The OpenAPI 3 document of the HTTP/JSON API, generated at start-up from the
// route table (routes.h) and the proto descriptors of the messages the routes
// take and return, so it describes exactly what is served. Built with
// protobuf's Struct and printed by its JSON printer: no hand-written JSON.
#ifndef OFFERGRAPH_HTTP_OPENAPI_H_
#define OFFERGRAPH_HTTP_OPENAPI_H_

#include <string>
#include <vector>

#include "http/routes.h"

namespace offergraph {

// The document for `routes`, plus GET /v1/openapi.json itself, as JSON.
// Messages are schemas under #/components/schemas/<full proto name>, in the
// proto3 JSON mapping (proto field names, int64 as strings, enums by name);
// privileged routes require the bearer token.
std::string BuildOpenApi(const std::vector<Route>& routes);

}  // namespace offergraph

#endif  // OFFERGRAPH_HTTP_OPENAPI_H_
