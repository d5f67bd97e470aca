#include "learn/evidence_codec.h"

#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace offergraph {
namespace {

void Put(std::vector<EvidenceCounter>* out, absl::string_view cell,
         const AcceptanceEvidence& e) {
  const int64_t presented = std::llround(e.presented);
  const int64_t accepted = std::llround(e.accepted);
  const int64_t expected =
      std::llround(e.expected * EvidenceCodec::kExpectedScale);
  if (presented > 0) out->push_back({absl::StrCat("p:", cell), presented});
  if (accepted > 0) out->push_back({absl::StrCat("a:", cell), accepted});
  if (expected > 0) out->push_back({absl::StrCat("e:", cell), expected});
}

absl::Status Bad(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("evidence counter \"", absl::CHexEscape(field), "\": ", why));
}

// Parses `text` as an integer in [0, limit).
bool Index(absl::string_view text, int limit, int* out) {
  return absl::SimpleAtoi(text, out) && *out >= 0 && *out < limit;
}

}  // namespace

std::vector<EvidenceCounter> EvidenceCodec::Encode(const EvidenceTable& raw) {
  std::vector<EvidenceCounter> out;
  for (int c = 0; c < kLearnChannels; ++c) {
    for (int k = 0; k < kLearnKinds; ++k) {
      for (const auto& [sku, e] : raw.offers_[c][k]) {
        Put(&out, absl::StrCat("o:", c, ":", k, ":", sku), e);
      }
      for (int b = 0; b < kAffinityBins; ++b) {
        Put(&out, absl::StrCat("a:", c, ":", k, ":", b), raw.affinity_[c][k][b]);
      }
    }
    Put(&out, absl::StrCat("c:", c), raw.channels_[c]);
    for (int f = 0; f < kFeatureCount; ++f) {
      for (int b = 0; b < kFeatureBuckets[f]; ++b) {
        Put(&out, absl::StrCat("f:", c, ":", f, ":", b),
            raw.FeatureBucket(static_cast<v1::Channel>(c),
                              static_cast<Feature>(f), b));
      }
    }
    for (int b = 0; b < kScoreBins; ++b) {
      Put(&out, absl::StrCat("s:", c, ":", b), raw.score_[c][b]);
    }
  }
  return out;
}

absl::Status EvidenceCodec::Add(absl::string_view field, int64_t value,
                                double weight, EvidenceTable* table) {
  if (value < 0) return Bad(field, absl::StrCat("negative value ", value));
  // count, cell kind, channel, then up to two more parts (the sku last).
  std::vector<absl::string_view> parts =
      absl::StrSplit(field, absl::MaxSplits(':', 4));
  if (parts.size() < 3) return Bad(field, "too few parts");
  const absl::string_view count = parts[0];
  if (count != "p" && count != "a" && count != "e") {
    return Bad(field, "count is not p, a or e");
  }
  int c = 0;
  if (!Index(parts[2], kLearnChannels, &c)) return Bad(field, "bad channel");
  auto expect_parts = [&](size_t n) { return parts.size() == n; };
  AcceptanceEvidence* cell = nullptr;
  const absl::string_view kind = parts[1];
  int k = 0;
  int b = 0;
  if (kind == "o") {
    if (!expect_parts(5) || !Index(parts[3], kLearnKinds, &k)) {
      return Bad(field, "bad offer cell");
    }
    cell = &table->offers_[c][k][parts[4]];
  } else if (kind == "c" && expect_parts(3)) {
    cell = &table->channels_[c];
  } else if (kind == "f" && expect_parts(5)) {
    int f = 0;
    if (!Index(parts[3], kFeatureCount, &f) ||
        !Index(parts[4], kFeatureBuckets[f], &b)) {
      return Bad(field, "bad feature bucket");
    }
    std::vector<AcceptanceEvidence>& features = table->features_[c];
    if (features.empty()) features.resize(EvidenceTable::TotalFeatureBuckets());
    cell = &features[EvidenceTable::FeatureOffset(static_cast<Feature>(f)) + b];
  } else if (kind == "a" && expect_parts(5)) {
    if (!Index(parts[3], kLearnKinds, &k) ||
        !Index(parts[4], kAffinityBins, &b)) {
      return Bad(field, "bad affinity bin");
    }
    cell = &table->affinity_[c][k][b];
  } else if (kind == "s" && expect_parts(4)) {
    if (!Index(parts[3], kScoreBins, &b)) return Bad(field, "bad score bin");
    cell = &table->score_[c][b];
  } else {
    return Bad(field, "unknown cell");
  }
  const double v = static_cast<double>(value) * weight;
  if (count == "p") {
    cell->presented += v;
  } else if (count == "a") {
    cell->accepted += v;
  } else {
    cell->expected += v / kExpectedScale;
  }
  return absl::OkStatus();
}

}  // namespace offergraph
