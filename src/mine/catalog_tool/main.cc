// offergraph-catalog: writes the server's catalog.csv from a public dataset.
//   offergraph-catalog instacart --products products.csv.gz
//     --aisles aisles.csv --departments departments.csv --out catalog.csv
//   offergraph-catalog olist --products olist_products_dataset.csv.gz
//     --order_items olist_order_items_dataset.csv.gz
//     --translation product_category_name_translation.csv --out catalog.csv
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "mine/catalog_convert.h"
#include "mine/atomic_file.h"
#include "mine/line_reader.h"
#include "util/program_flags.h"

ABSL_FLAG(std::string, products, "", "Products table (plain or gzip).");
ABSL_FLAG(std::string, aisles, "", "instacart: aisles.csv.");
ABSL_FLAG(std::string, departments, "", "instacart: departments.csv.");
ABSL_FLAG(std::string, order_items, "", "olist: order items (prices).");
ABSL_FLAG(std::string, translation, "",
          "olist: product_category_name_translation.csv.");
ABSL_FLAG(std::string, out, "catalog.csv", "Where to write catalog.csv.");
ABSL_FLAG(std::string, rules_out, "",
          "instacart: where to write the companion rules.textproto "
          "(value_weight 0); default: rules.textproto beside --out.");

namespace {

using offergraph::mine::TableText;

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "offergraph-catalog: %s\n",
               std::string(s.message()).c_str());
  return 1;
}

std::string Beside(const std::string& path, const std::string& name) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? name : path.substr(0, slash + 1) + name;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<char*> args = offergraph::ParseProgramFlags(
      argc, argv,
      "Writes catalog.csv from a public dataset: offergraph-catalog "
      "instacart|olist --products ... --out catalog.csv");
  if (args.size() != 2) {
    std::fprintf(stderr, "usage: offergraph-catalog instacart|olist ...\n");
    return 1;
  }
  const std::string kind = args[1];
  std::vector<std::string> paths;
  if (kind == "instacart") {
    paths = {absl::GetFlag(FLAGS_products), absl::GetFlag(FLAGS_aisles),
             absl::GetFlag(FLAGS_departments)};
  } else if (kind == "olist") {
    paths = {absl::GetFlag(FLAGS_products), absl::GetFlag(FLAGS_order_items),
             absl::GetFlag(FLAGS_translation)};
  } else {
    std::fprintf(stderr, "offergraph-catalog: unknown dataset '%s'\n",
                 kind.c_str());
    return 1;
  }
  std::vector<std::string> texts;
  for (const std::string& p : paths) {
    if (p.empty()) {
      std::fprintf(stderr, "offergraph-catalog: %s needs --products and %s\n",
                   kind.c_str(),
                   kind == "instacart" ? "--aisles, --departments"
                                       : "--order_items, --translation");
      return 1;
    }
    absl::StatusOr<std::string> t = offergraph::mine::ReadMaybeGzipFile(p);
    if (!t.ok()) return Fail(t.status());
    texts.push_back(*std::move(t));
  }
  TableText t[3];
  for (int i = 0; i < 3; ++i) t[i] = {texts[i], paths[i]};
  absl::StatusOr<offergraph::mine::ConvertedCatalog> catalog =
      kind == "instacart" ? offergraph::mine::ConvertInstacart(t[0], t[1], t[2])
                          : offergraph::mine::ConvertOlist(t[0], t[1], t[2]);
  if (!catalog.ok()) return Fail(catalog.status());
  const std::string out = absl::GetFlag(FLAGS_out);
  absl::Status s = offergraph::mine::WriteFileAtomically(
      out, offergraph::mine::FormatCatalogCsv(catalog->rows));
  if (!s.ok()) return Fail(s);
  std::fprintf(stderr, "catalog: %zu products written to %s (%lld skipped)\n",
               catalog->rows.size(), out.c_str(),
               static_cast<long long>(catalog->skipped));
  if (kind == "instacart") {
    std::string rules = absl::GetFlag(FLAGS_rules_out);
    if (rules.empty()) rules = Beside(out, "rules.textproto");
    s = offergraph::mine::WriteFileAtomically(
        rules, offergraph::mine::InstacartRulesTextproto());
    if (!s.ok()) return Fail(s);
    std::fprintf(stderr,
                 "rules: %s (no prices: value_weight 0; mined edges: "
                 "COMBINATION_SUM, popularity_exponent 0.5)\n",
                 rules.c_str());
  }
  return 0;
}
