// GET /v1/openapi.json describes exactly the routes served: the issue's
// routes and one per RPC; every documented operation is answered by its
// handler (not "no such route", not 405), and every schema it references is
// in the document.
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "http/http_fixture.h"
#include "http/routes.h"

namespace offergraph::testing {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;
using ::testing::HasSubstr;

// Every "$ref" under `v`.
void CollectRefs(const Value& v, std::set<std::string>* refs) {
  if (v.has_struct_value()) {
    for (const auto& [key, field] : v.struct_value().fields()) {
      if (key == "$ref") refs->insert(field.string_value());
      CollectRefs(field, refs);
    }
  } else if (v.has_list_value()) {
    for (const Value& item : v.list_value().values()) CollectRefs(item, refs);
  }
}

class OpenApiTest : public HttpFixture {};

TEST_F(OpenApiTest, DescribesExactlyTheRoutesServed) {
  HttpAnswer answer = Http("GET", "/v1/openapi.json");
  ASSERT_EQ(answer.status, 200);
  Struct document;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(answer.body, &document).ok());
  EXPECT_EQ(document.fields().at("openapi").string_value(), "3.0.3");

  std::set<std::string> documented;
  for (const auto& [path, item] :
       document.fields().at("paths").struct_value().fields()) {
    for (const auto& [verb, operation] : item.struct_value().fields()) {
      documented.insert(absl::AsciiStrToUpper(verb) + " " + path);
    }
  }
  // The routes and the ones added for later RPCs, no more.
  const std::set<std::string> expected = {
      "POST /v1/suggest",
      "POST /v1/outcomes",
      "PUT /v1/customers/{customer_id}/state",
      "GET /v1/customers/{customer_id}",
      "DELETE /v1/customers/{customer_id}",
      "POST /v1/admin/reload",
      "GET /v1/admin/status",
      "POST /v1/orders",
      "DELETE /v1/sessions/{session_id}",
      "GET /v1/admin/experiments/{experiment}/report",
      "GET /v1/openapi.json",
  };
  EXPECT_EQ(documented, expected);
  // Every RPC of both services has a route.
  std::set<std::string> rpcs;
  for (const Route& route : ApiRoutes()) rpcs.insert(route.rpc->name());
  EXPECT_EQ(rpcs.size(), 9u);

  // Each documented operation is served: the server answers it from its
  // handler, not with "no such route" or 405.
  for (const std::string& operation : documented) {
    SCOPED_TRACE(operation);
    const size_t space = operation.find(' ');
    const std::string verb = operation.substr(0, space);
    const std::string path = absl::StrReplaceAll(operation.substr(space + 1),
                                                 {{"{customer_id}", "c-oa"},
                                                  {"{session_id}", "s-oa"},
                                                  {"{experiment}", "e-oa"}});
    HttpAnswer served =
        Http(verb, path, verb == "POST" || verb == "PUT" ? "{}" : "");
    EXPECT_NE(served.status, 405) << served.body;
    EXPECT_THAT(served.body, ::testing::Not(HasSubstr("no such route")));
  }
  // And the server serves nothing undocumented under /v1 that the route
  // table does not list: a route the document lacks would show here.
  EXPECT_EQ(ApiRoutes().size() + 1, expected.size());

  std::set<std::string> refs;
  CollectRefs(document.fields().at("paths"), &refs);
  CollectRefs(document.fields().at("components"), &refs);
  const auto& schemas = document.fields()
                            .at("components")
                            .struct_value()
                            .fields()
                            .at("schemas")
                            .struct_value()
                            .fields();
  for (const std::string& ref : refs) {
    const std::string name = ref.substr(ref.rfind('/') + 1);
    EXPECT_EQ(schemas.count(name), 1u) << ref;
  }
  // The proto3 JSON mapping: int64 as strings, enums by name.
  const auto& money = schemas.at("offergraph.v1.Money")
                          .struct_value()
                          .fields()
                          .at("properties")
                          .struct_value()
                          .fields();
  EXPECT_EQ(money.at("units").struct_value().fields().at("type").string_value(),
            "string");
  EXPECT_THAT(answer.body, HasSubstr("\"COMPLAINT_OPEN\""));
}

}  // namespace
}  // namespace offergraph::testing
