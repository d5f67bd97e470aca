#include "observability/learning_metrics.h"

#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"

namespace offergraph {
namespace {

const absl::Time kT = absl::FromUnixSeconds(1'800'000'000);

TEST(CalibrationWindowTest, HandComputedError) {
  CalibrationWindow w(absl::Hours(1), 12);
  EXPECT_TRUE(std::isnan(w.ExpectedCalibrationError(kT)));
  // Bin 2: two showings at 0.2, one accepted (|0.2 - 0.5| = 0.3).
  w.Add(0.2, 1, 1, kT);
  w.Add(0.2, 1, 0, kT);
  // Bin 8: two at 0.8, both accepted, the acceptances arriving later
  // (|0.8 - 1| = 0.2).
  w.Add(0.8, 1, 0, kT);
  w.Add(0.8, 1, 0, kT);
  w.Add(0.8, 0, 1, kT + absl::Minutes(1));
  w.Add(0.8, 0, 1, kT + absl::Minutes(1));
  EXPECT_NEAR(w.ExpectedCalibrationError(kT + absl::Minutes(2)), 0.25, 1e-12);
}

TEST(CalibrationWindowTest, ForgetsOutcomesOlderThanTheWindow) {
  CalibrationWindow w(absl::Hours(1), 12);
  w.Add(0.9, 1, 0, kT);  // badly calibrated, long ago
  w.Add(0.5, 2, 1, kT + absl::Hours(2));
  EXPECT_NEAR(w.ExpectedCalibrationError(kT + absl::Hours(2)), 0, 1e-12);
  EXPECT_TRUE(
      std::isnan(w.ExpectedCalibrationError(kT + absl::Hours(4))));
}

TEST(LearningMetricsTest, ExportsBinsAndModelGauges) {
  prometheus::Registry registry;
  LearningMetrics metrics(&registry);
  metrics.RecordOutcome(0.76, /*shown=*/true, /*accepted=*/false);
  metrics.RecordOutcome(0.76, /*shown=*/false, /*accepted=*/true);
  metrics.RecordOutcome(0.05, /*shown=*/true, /*accepted=*/false);
  metrics.RecordModel(nullptr, false);
  prometheus::TextSerializer text;
  const std::string out = text.Serialize(registry.Collect());
  EXPECT_NE(out.find("offergraph_propensity_outcomes_total{bin=\"0.7\","
                     "outcome=\"presented\"} 1"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("offergraph_propensity_outcomes_total{bin=\"0.7\","
                     "outcome=\"accepted\"} 1"),
            std::string::npos);
  EXPECT_NE(out.find("offergraph_propensity_outcomes_total{bin=\"0.0\","
                     "outcome=\"presented\"} 1"),
            std::string::npos);
  EXPECT_NE(out.find("offergraph_learning_model_builds_total{result=\"error\"} 1"),
            std::string::npos);
  const std::string gauges = text.Serialize(metrics.collectable()->Collect());
  // Two showings, one acceptance: bins 0.0 (|0.05 - 0|) and 0.7 (|0.76 - 1|).
  EXPECT_NE(gauges.find("offergraph_propensity_calibration_error 0.145"),
            std::string::npos)
      << gauges;
  // No model yet: no age sample.
  EXPECT_EQ(gauges.find("\noffergraph_learning_model_age_seconds "),
            std::string::npos);
}

}  // namespace
}  // namespace offergraph
