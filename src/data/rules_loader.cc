#include "data/rules_loader.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "data/csv_reader.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "util/file_util.h"

namespace offergraph {
namespace {

// Keeps the first error the text-format parser reports, with its position.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (!has_error_) {
      has_error_ = true;
      line_ = line + 1;  // the parser counts from 0
      column_ = column + 1;
      message_ = message;
    }
  }
  void AddWarning(int, int, const std::string&) override {}

  bool has_error() const { return has_error_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  bool has_error_ = false;
  int line_ = 0;
  int column_ = 0;
  std::string message_;
};

// Where the field named by `path` ("contact.decline_rest_days",
// "channel_policy[1].channel", "channel_policy[1]") was written, 1-based, or
// nullopt when the path does not name a field set in the text.
std::optional<std::pair<int, int>> FieldLocation(
    const google::protobuf::Descriptor* type,
    const google::protobuf::TextFormat::ParseInfoTree* tree,
    absl::string_view path) {
  const std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size() && type != nullptr && tree != nullptr;
       ++i) {
    absl::string_view name = parts[i];
    int index = -1;  // a singular field
    if (const size_t open = name.find('[');
        open != absl::string_view::npos && name.back() == ']') {
      if (!absl::SimpleAtoi(name.substr(open + 1, name.size() - open - 2),
                            &index)) {
        return std::nullopt;
      }
      name = name.substr(0, open);
    }
    const google::protobuf::FieldDescriptor* field =
        type->FindFieldByName(std::string(name));
    if (field == nullptr || field->is_repeated() != (index >= 0)) {
      return std::nullopt;
    }
    if (i + 1 == parts.size()) {
      const google::protobuf::TextFormat::ParseLocation at =
          tree->GetLocation(field, index);
      if (at.line < 0) return std::nullopt;
      return std::make_pair(at.line + 1, at.column + 1);  // 0-based
    }
    tree = tree->GetTreeForNested(field, index);
    type = field->message_type();
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<RuleParams> ParseRulesTextproto(absl::string_view contents,
                                               absl::string_view filename) {
  absl::StatusOr<LoadedRules> loaded = ParseRulesConfig(contents, filename);
  if (!loaded.ok()) return loaded.status();
  return std::move(loaded->params);
}

absl::StatusOr<LoadedRules> ParseRulesConfig(absl::string_view contents,
                                             absl::string_view filename) {
  v1::RuleConfig config;
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  google::protobuf::TextFormat::ParseInfoTree locations;
  parser.WriteLocationsTo(&locations);
  const std::string text(contents);
  if (!parser.ParseFromString(text, &config)) {
    if (errors.has_error()) {
      return DataError(filename, errors.line(), errors.column(),
                       errors.message());
    }
    return DataError(filename, 1, 1, "not a valid RuleConfig text proto");
  }
  LoadedRules out;
  absl::Status invalid;
  if (absl::StatusOr<RuleParams> params = RuleParamsFromConfig(config);
      params.ok()) {
    out.params = *std::move(params);
    absl::StatusOr<ExperimentPlan> plan = ExperimentPlan::Build(config);
    if (plan.ok()) {
      out.experiments = *std::move(plan);
      return out;
    }
    invalid = plan.status();
  } else {
    invalid = params.status();
  }
  // The message starts with the field's path: point at where it was set,
  // or else at the nearest enclosing field that was (an arm's patch whose
  // merged rules fail on a field the patch does not set).
  const absl::string_view message = invalid.message();
  absl::string_view path = message.substr(0, message.find(':'));
  while (!path.empty()) {
    const std::optional<std::pair<int, int>> at =
        FieldLocation(v1::RuleConfig::descriptor(), &locations, path);
    if (at.has_value()) {
      return DataError(filename, at->first, at->second, message);
    }
    const size_t dot = path.rfind('.');
    if (dot == absl::string_view::npos) break;
    path = path.substr(0, dot);
  }
  return absl::InvalidArgumentError(absl::StrCat(filename, ": ", message));
}

absl::StatusOr<RuleParams> LoadRulesFile(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadFileToString(path);
  if (!contents.ok()) return contents.status();
  return ParseRulesTextproto(*contents, BaseName(path));
}

}  // namespace offergraph
