#include "sim/decision_log.h"


#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "util/file_util.h"

namespace offergraph::sim {
namespace {

bool ValidSku(absl::string_view sku) {
  return !sku.empty() && sku.find_first_of("\t,:\r\n") == absl::string_view::npos;
}

// Parses `line` field by field, knowing each field's column.
class LineParser {
 public:
  LineParser(absl::string_view line, absl::string_view filename, int number)
      : line_(line), filename_(filename), number_(number) {}

  // An error at the column where `field` (a view into the line) starts.
  absl::Status Error(absl::string_view field, absl::string_view what) const {
    const size_t column =
        field.data() >= line_.data() &&
                field.data() <= line_.data() + line_.size()
            ? static_cast<size_t>(field.data() - line_.data()) + 1
            : 1;
    return absl::InvalidArgumentError(
        absl::StrFormat("%s:%d:%d: %s", filename_, number_, column, what));
  }

  absl::StatusOr<LoggedDecision> Parse() const {
    const std::vector<absl::string_view> fields = absl::StrSplit(line_, '\t');
    if (fields.size() != 3) {
      return Error(line_, absl::StrFormat("expected 3 tab-separated fields "
                                          "(session, cart, offers), got %d",
                                          fields.size()));
    }
    LoggedDecision d;
    if (!absl::SimpleAtoi(fields[0], &d.session) || d.session < 0) {
      return Error(fields[0], absl::StrCat("session: not a non-negative "
                                           "integer: \"",
                                           fields[0], "\""));
    }
    for (absl::string_view sku : absl::StrSplit(fields[1], ',')) {
      if (!ValidSku(sku)) return Error(sku, "cart: empty or invalid sku");
      d.cart.emplace_back(sku);
    }
    if (fields[2].empty()) return d;
    for (absl::string_view offer : absl::StrSplit(fields[2], ',')) {
      const std::vector<absl::string_view> parts = absl::StrSplit(offer, ':');
      if (parts.size() != 4) {
        return Error(offer,
                     "offer: expected sku:choice_probability:accepted:price");
      }
      LoggedOffer o;
      if (!ValidSku(parts[0])) return Error(parts[0], "offer: empty sku");
      o.sku = std::string(parts[0]);
      if (!absl::SimpleAtod(parts[1], &o.probability) ||
          !(o.probability > 0 && o.probability <= 1)) {
        return Error(parts[1], absl::StrCat("choice_probability: must be in "
                                            "(0, 1], got \"",
                                            parts[1], "\""));
      }
      if (parts[2] != "0" && parts[2] != "1") {
        return Error(parts[2], absl::StrCat("accepted: must be 0 or 1, got \"",
                                            parts[2], "\""));
      }
      o.accepted = parts[2] == "1";
      if (!absl::SimpleAtoi(parts[3], &o.price) || o.price < 0) {
        return Error(parts[3], absl::StrCat("price: not a non-negative "
                                            "integer (minor units): \"",
                                            parts[3], "\""));
      }
      d.offers.push_back(std::move(o));
    }
    return d;
  }

 private:
  absl::string_view line_;
  absl::string_view filename_;
  int number_;
};

}  // namespace

absl::StatusOr<std::string> FormatDecisionLine(const LoggedDecision& d) {
  std::string line = absl::StrCat(d.session, "\t");
  for (size_t i = 0; i < d.cart.size(); ++i) {
    if (!ValidSku(d.cart[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("cart sku cannot be logged: \"", d.cart[i], "\""));
    }
    absl::StrAppend(&line, i == 0 ? "" : ",", d.cart[i]);
  }
  line += '\t';
  for (size_t i = 0; i < d.offers.size(); ++i) {
    const LoggedOffer& o = d.offers[i];
    if (!ValidSku(o.sku)) {
      return absl::InvalidArgumentError(
          absl::StrCat("offer sku cannot be logged: \"", o.sku, "\""));
    }
    if (!(o.probability > 0 && o.probability <= 1)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "choice probability must be in (0, 1], got %g", o.probability));
    }
    // %.17g: the probability round-trips exactly.
    absl::StrAppend(&line, i == 0 ? "" : ",", o.sku, ":",
                    absl::StrFormat("%.17g", o.probability), ":",
                    o.accepted ? "1" : "0", ":", o.price);
  }
  return line;
}

absl::StatusOr<LoggedDecision> ParseDecisionLine(absl::string_view line,
                                                 absl::string_view filename,
                                                 int line_number) {
  return LineParser(line, filename, line_number).Parse();
}

absl::StatusOr<std::vector<LoggedDecision>> ParseDecisionLog(
    absl::string_view contents, absl::string_view filename) {
  std::vector<LoggedDecision> log;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    absl::StatusOr<LoggedDecision> d =
        ParseDecisionLine(line, filename, number);
    if (!d.ok()) return d.status();
    log.push_back(*std::move(d));
  }
  return log;
}

absl::StatusOr<std::vector<LoggedDecision>> ReadDecisionLog(
    const std::string& path) {
  absl::StatusOr<std::string> contents = ReadFileToString(path);
  if (!contents.ok()) return contents.status();
  return ParseDecisionLog(*contents, path);
}

}  // namespace offergraph::sim
