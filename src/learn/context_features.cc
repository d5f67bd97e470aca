#include "offergraph/context_features.h"

#include "xxhash.h"

namespace offergraph {
namespace {

uint8_t CartSizeBucket(int lines) {
  if (lines <= 1) return 0;
  if (lines == 2) return 1;
  if (lines <= 4) return 2;
  if (lines <= 8) return 3;
  return 4;
}

uint8_t CartValueBucket(double major) {
  static constexpr double kUpper[] = {10, 30, 100, 300, 1000};
  uint8_t b = 0;
  for (double upper : kUpper) {
    if (major < upper) return b;
    ++b;
  }
  return b;
}

uint8_t TenureBucket(int32_t days) {
  if (days <= 0) return 0;
  if (days < 30) return 1;
  if (days < 180) return 2;
  if (days < 365) return 3;
  return 4;
}

uint8_t CategoryBucket(absl::string_view category) {
  // absl::Hash is salted per process; XXH3 with a fixed seed keeps buckets
  // equal on every replica and after restarts, as stored evidence needs.
  const uint64_t h = XXH3_64bits(category.data(), category.size());
  return static_cast<uint8_t>(
      h % kFeatureBuckets[static_cast<int>(Feature::kAnchorCategory)]);
}

}  // namespace

const char* FeatureName(Feature feature) {
  switch (feature) {
    case Feature::kCartSize:
      return "cart_size";
    case Feature::kCartValue:
      return "cart_value";
    case Feature::kTenure:
      return "tenure";
    case Feature::kBudgetSensitive:
      return "budget_sensitive";
    case Feature::kAnchorCategory:
      return "anchor_category";
  }
  return "unknown";
}

ContextFeatures BucketFeatures(const ContextInput& in) {
  ContextFeatures f;
  f.bucket[static_cast<int>(Feature::kCartSize)] = CartSizeBucket(in.cart_lines);
  f.bucket[static_cast<int>(Feature::kCartValue)] =
      CartValueBucket(in.cart_value_major);
  f.bucket[static_cast<int>(Feature::kTenure)] = TenureBucket(in.tenure_days);
  f.bucket[static_cast<int>(Feature::kBudgetSensitive)] =
      in.budget_sensitive ? 1 : 0;
  f.bucket[static_cast<int>(Feature::kAnchorCategory)] =
      CategoryBucket(in.anchor_category);
  return f;
}

}  // namespace offergraph
