#include "http/openapi.h"

#include <deque>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "http/json_codec.h"

namespace offergraph {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::ListValue;
using google::protobuf::Struct;
using google::protobuf::Value;

constexpr char kSchemas[] = "#/components/schemas/";

// Builders for Struct values, so the document reads like its JSON.
Value Str(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}
Value Bool(bool b) {
  Value v;
  v.set_bool_value(b);
  return v;
}
Value Obj(std::initializer_list<std::pair<const std::string, Value>> fields) {
  Value v;
  for (const auto& [key, value] : fields) {
    (*v.mutable_struct_value()->mutable_fields())[key] = value;
  }
  return v;
}
Value List(const std::vector<Value>& items) {
  Value v;
  ListValue* list = v.mutable_list_value();
  for (const Value& item : items) *list->add_values() = item;
  return v;
}
Value Ref(const Descriptor* type) {
  return Obj({{"$ref", Str(absl::StrCat(kSchemas, type->full_name()))}});
}
Struct* Fields(Value* v) { return v->mutable_struct_value(); }
Value& At(Value* v, const std::string& key) {
  return (*Fields(v)->mutable_fields())[key];
}

// One value of `field` in the proto3 JSON mapping.
Value ScalarSchema(const FieldDescriptor* field) {
  switch (field->type()) {
    case FieldDescriptor::TYPE_STRING:
      return Obj({{"type", Str("string")}});
    case FieldDescriptor::TYPE_BYTES:
      return Obj({{"type", Str("string")}, {"format", Str("byte")}});
    case FieldDescriptor::TYPE_BOOL:
      return Obj({{"type", Str("boolean")}});
    case FieldDescriptor::TYPE_INT32:
    case FieldDescriptor::TYPE_SINT32:
    case FieldDescriptor::TYPE_SFIXED32:
    case FieldDescriptor::TYPE_UINT32:
    case FieldDescriptor::TYPE_FIXED32:
      return Obj({{"type", Str("integer")}, {"format", Str("int32")}});
    case FieldDescriptor::TYPE_INT64:
    case FieldDescriptor::TYPE_SINT64:
    case FieldDescriptor::TYPE_SFIXED64:
    case FieldDescriptor::TYPE_UINT64:
    case FieldDescriptor::TYPE_FIXED64:
      // The proto3 JSON mapping writes 64-bit integers as strings.
      return Obj({{"type", Str("string")}, {"format", Str("int64")}});
    case FieldDescriptor::TYPE_DOUBLE:
      return Obj({{"type", Str("number")}, {"format", Str("double")}});
    case FieldDescriptor::TYPE_FLOAT:
      return Obj({{"type", Str("number")}, {"format", Str("float")}});
    case FieldDescriptor::TYPE_ENUM: {
      std::vector<Value> names;
      for (int i = 0; i < field->enum_type()->value_count(); ++i) {
        names.push_back(Str(field->enum_type()->value(i)->name()));
      }
      return Obj({{"type", Str("string")}, {"enum", List(names)}});
    }
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_GROUP:
      return Ref(field->message_type());
  }
  return Obj({});
}

Value FieldSchema(const FieldDescriptor* field) {
  if (field->is_map()) {
    return Obj({{"type", Str("object")},
                {"additionalProperties",
                 ScalarSchema(field->message_type()->map_value())}});
  }
  if (field->is_repeated()) {
    return Obj({{"type", Str("array")}, {"items", ScalarSchema(field)}});
  }
  return ScalarSchema(field);
}

Value MessageSchema(const Descriptor* type) {
  Value properties = Obj({});
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    At(&properties, field->name()) = FieldSchema(field);
  }
  return Obj({{"type", Str("object")}, {"properties", properties}});
}

// Adds the schema of `root` and of every message it reaches.
void AddSchemas(const Descriptor* root, Value* schemas) {
  std::deque<const Descriptor*> queue = {root};
  while (!queue.empty()) {
    const Descriptor* type = queue.front();
    queue.pop_front();
    if (Fields(schemas)->fields().count(type->full_name()) > 0) continue;
    At(schemas, type->full_name()) = MessageSchema(type);
    for (int i = 0; i < type->field_count(); ++i) {
      const FieldDescriptor* field = type->field(i);
      if (field->message_type() == nullptr) continue;
      const Descriptor* next =
          field->is_map() ? field->message_type()->map_value()->message_type()
                          : field->message_type();
      if (next != nullptr) queue.push_back(next);
    }
  }
}

Value JsonContent(Value schema) {
  return Obj({{"application/json", Obj({{"schema", std::move(schema)}})}});
}

// "session_id" -> "SessionId".
std::string Camel(const std::string& name) {
  std::string out;
  for (absl::string_view part : absl::StrSplit(name, '_')) {
    if (part.empty()) continue;
    out += absl::ascii_toupper(part[0]);
    out.append(part.data() + 1, part.size() - 1);
  }
  return out;
}

Value Operation(const Route& route, std::set<std::string>* operation_ids) {
  const std::vector<std::string> path_params = PathParameterNames(route.path);
  std::string id = route.rpc->name();
  if (!operation_ids->insert(id).second && !path_params.empty()) {
    id = absl::StrCat(id, "By", Camel(path_params.back()));
    operation_ids->insert(id);
  }
  std::vector<Value> parameters;
  for (const std::string& name : path_params) {
    parameters.push_back(Obj({{"name", Str(name)},
                              {"in", Str("path")},
                              {"required", Bool(true)},
                              {"schema", Obj({{"type", Str("string")}})}}));
  }
  const Descriptor* input = route.rpc->input_type();
  if (!route.body) {
    for (int i = 0; i < input->field_count(); ++i) {
      const FieldDescriptor* field = input->field(i);
      if (field->is_repeated() || field->message_type() != nullptr) continue;
      bool in_path = false;
      for (const std::string& p : path_params) in_path |= p == field->name();
      if (in_path) continue;
      parameters.push_back(Obj({{"name", Str(field->name())},
                                {"in", Str("query")},
                                {"required", Bool(false)},
                                {"schema", ScalarSchema(field)}}));
    }
  }
  Value operation = Obj(
      {{"operationId", Str(id)},
       {"summary", Str(route.summary)},
       {"tags", List({Str(route.rpc->service()->name())})},
       {"parameters", List(parameters)},
       {"responses",
        Obj({{"200",
              Obj({{"description", Str("OK")},
                   {"content", JsonContent(Ref(route.rpc->output_type()))}})},
             {"default",
              Obj({{"description",
                    Str("An error: the canonical code's name and what is "
                        "wrong, with the matching HTTP status")},
                   {"content", JsonContent(Ref(ErrorDescriptor()))}})}})}});
  if (route.body) {
    At(&operation, "requestBody") =
        Obj({{"required", Bool(false)}, {"content", JsonContent(Ref(input))}});
  }
  if (route.privileged) {
    At(&operation, "security") = List({Obj({{"bearer", List({})}})});
  }
  return operation;
}

}  // namespace

std::string BuildOpenApi(const std::vector<Route>& routes) {
  Value paths = Obj({});
  Value schemas = Obj({});
  std::set<std::string> operation_ids;
  for (const Route& route : routes) {
    Value& path = At(&paths, route.path);
    if (!path.has_struct_value()) path = Obj({});
    At(&path, absl::AsciiStrToLower(HttpVerbName(route.verb))) =
        Operation(route, &operation_ids);
    AddSchemas(route.rpc->input_type(), &schemas);
    AddSchemas(route.rpc->output_type(), &schemas);
  }
  At(&paths, "/v1/openapi.json") = Obj(
      {{"get",
        Obj({{"operationId", Str("GetOpenApi")},
             {"summary", Str("This document")},
             {"responses",
              Obj({{"200", Obj({{"description", Str("OK")},
                                {"content",
                                 JsonContent(Obj(
                                     {{"type", Str("object")}}))}})}})}})}});
  AddSchemas(ErrorDescriptor(), &schemas);
  Value document = Obj(
      {{"openapi", Str("3.0.3")},
       {"info",
        Obj({{"title", Str("offergraph")},
             {"version", Str("v1")},
             {"description",
              Str("Cross-sell and upsell offers over HTTP/JSON: every "
                  "offergraph.v1 OfferService and AdminService method, with "
                  "the same rules, metrics and ledger as gRPC. Bodies follow "
                  "the proto3 JSON mapping with proto field names.")}})},
       {"paths", paths},
       {"components",
        Obj({{"schemas", schemas},
             {"securitySchemes",
              Obj({{"bearer", Obj({{"type", Str("http")},
                                   {"scheme", Str("bearer")}})}})}})}});
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(document.struct_value(),
                                                    &json);
  return json;
}

}  // namespace offergraph
