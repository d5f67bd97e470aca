#include "offergraph/data/rules_loader.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "data/csv_reader.h"
#include "data/file_util.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

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

}  // namespace

absl::StatusOr<RuleParams> ParseRulesTextproto(absl::string_view contents,
                                               absl::string_view filename) {
  v1::RuleConfig config;
  FirstError errors;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  const std::string text(contents);
  if (!parser.ParseFromString(text, &config)) {
    if (errors.has_error()) {
      return DataError(filename, errors.line(), errors.column(),
                       errors.message());
    }
    return DataError(filename, 1, 1, "not a valid RuleConfig text proto");
  }
  absl::StatusOr<RuleParams> params = RuleParamsFromConfig(config);
  if (!params.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(filename, ": ", params.status().message()));
  }
  return params;
}

absl::StatusOr<RuleParams> LoadRulesFile(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadFileToString(path);
  if (!contents.ok()) return contents.status();
  return ParseRulesTextproto(*contents, BaseName(path));
}

}  // namespace offergraph
