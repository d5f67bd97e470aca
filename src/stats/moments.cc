#include "stats/moments.h"

#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace offergraph::stats {
namespace {

// sum_aa - sum_a^2 / n for a squared sum: InvalidArgument when clearly
// negative, 0 when negative only by rounding.
absl::StatusOr<double> CentralSquares(const char* name, double sum,
                                      double sum_squares, double n) {
  const double central = sum_squares - sum * sum / n;
  if (central >= 0) return central;
  if (central >= -1e-9 * std::fabs(sum_squares) - 1e-300) return 0.0;
  return absl::InvalidArgumentError(
      absl::StrCat("sums imply a negative variance of ", name, " (", central,
                   "): sum of squares below sum^2 / n"));
}

}  // namespace

absl::StatusOr<Moments> Moments::FromSums(const RawSums& sums) {
  for (double s : {sums.sum_y, sums.sum_y2, sums.sum_x, sums.sum_x2,
                   sums.sum_xy}) {
    if (!std::isfinite(s)) {
      return absl::InvalidArgumentError("a raw sum is not finite");
    }
  }
  if (sums.n < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("negative unit count ", sums.n));
  }
  Moments m;
  if (sums.n == 0) {
    if (sums.sum_y != 0 || sums.sum_y2 != 0 || sums.sum_x != 0 ||
        sums.sum_x2 != 0 || sums.sum_xy != 0) {
      return absl::InvalidArgumentError("non-zero sums over zero units");
    }
    return m;
  }
  const double n = static_cast<double>(sums.n);
  absl::StatusOr<double> m2_y = CentralSquares("y", sums.sum_y, sums.sum_y2, n);
  if (!m2_y.ok()) return m2_y.status();
  absl::StatusOr<double> m2_x = CentralSquares("x", sums.sum_x, sums.sum_x2, n);
  if (!m2_x.ok()) return m2_x.status();
  m.n_ = sums.n;
  m.has_covariate_ = sums.sum_x != 0 || sums.sum_x2 != 0;
  m.mean_y_ = sums.sum_y / n;
  m.mean_x_ = sums.sum_x / n;
  m.m2_y_ = *m2_y;
  m.m2_x_ = *m2_x;
  m.c_xy_ = sums.sum_xy - sums.sum_x * sums.sum_y / n;
  return m;
}

void Moments::AddUnit(double y, double x) {
  ++n_;
  const double n = static_cast<double>(n_);
  const double dy = y - mean_y_;
  const double dx = x - mean_x_;
  mean_y_ += dy / n;
  mean_x_ += dx / n;
  // Each product pairs the deviation from the old mean with the deviation
  // from the new one (Welford); for the cross term either pairing is exact.
  m2_y_ += dy * (y - mean_y_);
  m2_x_ += dx * (x - mean_x_);
  c_xy_ += dx * (y - mean_y_);
}

void Moments::Merge(const Moments& other) {
  if (other.n_ == 0) return;
  if (n_ == 0) {
    *this = other;
    return;
  }
  const double na = static_cast<double>(n_);
  const double nb = static_cast<double>(other.n_);
  const double n = na + nb;
  const double dy = other.mean_y_ - mean_y_;
  const double dx = other.mean_x_ - mean_x_;
  const double weight = na * nb / n;
  m2_y_ += other.m2_y_ + dy * dy * weight;
  m2_x_ += other.m2_x_ + dx * dx * weight;
  c_xy_ += other.c_xy_ + dx * dy * weight;
  mean_y_ += dy * nb / n;
  mean_x_ += dx * nb / n;
  n_ += other.n_;
  has_covariate_ = has_covariate_ || other.has_covariate_;
}

}  // namespace offergraph::stats
