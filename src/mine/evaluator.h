// File: evaluator.h
// -----------------------------------------------------------------------------
// Offline relevance evaluation on held-out orders. Orders are split by
// IsTestOrder (split.h); rules are mined on the train side; for every test
// order with at least two distinct catalog items, each item is left out in
// turn and each method recommends up to 10 items for the rest of the cart:
//
//   popularity              the most bought train items not in the cart;
//   single_anchor           the strongest mined edges of ONE cart item: the
//                           cart's most bought item (train support; ties by
//                           sku), "frequently bought together";
//   offergraph              the engine's Decide on an in-process Snapshot,
//                           as the server calls it (CHECKOUT, cross-sells
//                           only, max_offers 10, empty history), with the
//                           given rules (relevance threshold on);
//   offergraph_no_threshold the same with min_weight, min_lift and
//                           min_affinity 0;
//   then one row per EvalConfig::variants entry: the engine with those
//   rules (e.g. another cross-sell combination), threshold as they say.
//
// With `validation`, the test side is set aside unseen and the train side
// is split again (seed + 1, same share) into train and validation orders:
// choose settings there, then report on the test side once.
//
// Example:
//   EvalConfig config;
//   config.mine.min_support = 5;
//   ASSIGN_OR_RETURN(EvalReport r, Evaluate(baskets, products, config));
//   std::cout << FormatEvalTable(r);
#ifndef OFFERGRAPH_MINE_EVALUATOR_H_
#define OFFERGRAPH_MINE_EVALUATOR_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "mine/association.h"
#include "mine/baskets.h"
#include "mine/ranking_metrics.h"
#include "offergraph/catalog.h"
#include "offergraph/rule_params.h"
#include "offergraph/snapshot.h"

namespace offergraph::mine {

struct EvalConfig {
  MineOptions mine;
  double test_share = 0.2;  // share of orders held out, (0, 1)
  uint64_t seed = 1;
  int64_t max_test_orders = 0;  // first N eligible test orders; 0 = all
  RuleParams rules;             // the "offergraph" method's rules
  // Further engine rows: (method name, rules).
  std::vector<std::pair<std::string, RuleParams>> variants;
  // Evaluate on a validation split of the train side (see above).
  bool validation = false;
};

struct EvalReport {
  int64_t train_orders = 0;
  int64_t test_orders = 0;       // on the test (or validation) side
  int64_t test_orders_used = 0;  // with >= 2 distinct catalog items
  int64_t edges = 0;             // mined on train, both skus in the catalog
  int64_t catalog_size = 0;
  std::vector<std::pair<std::string, MethodMetrics>> methods;
};

// Catalog products for every sku of `baskets` (price 0, USD), for inputs
// without a catalog.
std::vector<Product> PlaceholderCatalog(const Baskets& baskets);

// A snapshot as the loader would build it from these products, cross-sell
// edges (from, edge) and rules.
SnapshotPtr BuildSnapshot(std::vector<Product> products,
                          const std::vector<std::pair<ProductId, Edge>>& edges,
                          const RuleParams& rules);

// Runs the evaluation. `products` is the catalog; order items not in it are
// ignored on the test side.
absl::StatusOr<EvalReport> Evaluate(const Baskets& baskets,
                                    const std::vector<Product>& products,
                                    const EvalConfig& config);

std::string FormatEvalTable(const EvalReport& report);
// {"methods": {"popularity": {"hit_rate@1": ..., ...}, ...}, "split": {...}}
std::string FormatEvalJson(const EvalReport& report);

}  // namespace offergraph::mine

#endif  // OFFERGRAPH_MINE_EVALUATOR_H_
