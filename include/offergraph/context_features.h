// File: context_features.h
// -----------------------------------------------------------------------------
// The request features the learned propensity conditions on, each cut into a
// few fixed buckets so that evidence per bucket accumulates quickly and the
// model's size stays bounded:
//
//   cart_size         lines: 1, 2, 3-4, 5-8, 9+
//   cart_value        major units: <10, <30, <100, <300, <1000, 1000+
//   tenure            days: unknown (0), <30, <180, <365, 365+
//   budget_sensitive  no, yes
//   anchor_category   hash of the first anchor's category into 32 buckets
//
// Thread safety: value types.
#ifndef OFFERGRAPH_CONTEXT_FEATURES_H_
#define OFFERGRAPH_CONTEXT_FEATURES_H_

#include <array>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace offergraph {

enum class Feature : uint8_t {
  kCartSize,
  kCartValue,
  kTenure,
  kBudgetSensitive,
  kAnchorCategory,
};
inline constexpr int kFeatureCount = 5;
static_assert(static_cast<int>(Feature::kAnchorCategory) + 1 == kFeatureCount,
              "kFeatureCount must follow the Feature enum");

// Buckets per feature, indexed by Feature.
inline constexpr std::array<int, kFeatureCount> kFeatureBuckets = {5, 6, 5, 2,
                                                                   32};

// Lower-case names for logs, metrics and the README.
const char* FeatureName(Feature feature);

struct ContextFeatures {
  std::array<uint8_t, kFeatureCount> bucket{};

  uint8_t operator[](Feature f) const {
    return bucket[static_cast<int>(f)];
  }
  bool operator==(const ContextFeatures& o) const { return bucket == o.bucket; }
};

struct ContextInput {
  int cart_lines = 0;
  double cart_value_major = 0;  // in the cart's currency
  int32_t tenure_days = 0;      // 0 = unknown
  bool budget_sensitive = false;
  absl::string_view anchor_category;
};

ContextFeatures BucketFeatures(const ContextInput& in);

}  // namespace offergraph

#endif  // OFFERGRAPH_CONTEXT_FEATURES_H_
