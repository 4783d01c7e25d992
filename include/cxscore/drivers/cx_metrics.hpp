#pragma once
/// The standard CX metrics with normal-approximation confidence intervals, overall or by group.
///
/// | metric | scale | value | standard error |
/// | --- | --- | --- | --- |
/// | `nps` | 0-10 | 100 (p - d); promoters 9-10, detractors 0-6 | `100 sqrt((p + d - (p - d)^2) / n)` |
/// | `csat` | 1-5 | top-2-box share (4 or 5), in percent | `100 sqrt(s (1 - s) / n)` |
/// | `ces` | 1-7 | mean rating (CES 2.0: "the company made it easy", higher = easier) | `sd / sqrt(n)` (sd with n - 1) |
/// | `ces_low_effort` | 1-7 | share answering 5-7, in percent | `100 sqrt(s (1 - s) / n)` |
///
/// Interval: value ± z·se, z the normal quantile of (1 + confidence) / 2, cut to the values the metric
/// can take (NPS −100..100, shares 0..100, CES 1..7): near the ends the normal approximation would
/// otherwise promise an NPS above 100. Ratings must be whole
/// numbers on the scale; anything else is refused with an input_error naming where it came from.
///
/// ```cpp
/// std::vector<double> ratings{10, 9, 7, 3};
/// cxscore::metric_estimate e = cxscore::nps(ratings);  // value 25, se 100 sqrt((0.5 + 0.25 - 0.0625) / 4)
/// ```
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cxscore/error.hpp"

namespace cxscore {

enum class metric_kind { nps, csat, ces, ces_low_effort };

struct rating_scale {
  int lo, hi;
};

[[nodiscard]] inline const char* to_string(metric_kind k) noexcept {
  switch (k) {
    case metric_kind::nps: return "nps";
    case metric_kind::csat: return "csat";
    case metric_kind::ces: return "ces";
    case metric_kind::ces_low_effort: return "ces_low_effort";
  }
  return "?";
}
[[nodiscard]] inline rating_scale scale_of(metric_kind k) noexcept {
  return k == metric_kind::nps ? rating_scale{0, 10} : k == metric_kind::csat ? rating_scale{1, 5} : rating_scale{1, 7};
}

struct metric_estimate {
  metric_kind kind = metric_kind::nps;
  std::size_t n = 0;
  double value = 0, se = 0, lower = 0, upper = 0;
};

/// The standard normal quantile (bisection on erfc, to full double precision).
[[nodiscard]] double normal_quantile(double p);

/// Throws unless `rating` is a whole number on the metric's scale; `where` locates it.
void check_rating(metric_kind k, double rating, location where);

/// The metric of `ratings` (validated; rows in errors are positions + 1 in `source`).
[[nodiscard]] metric_estimate estimate(metric_kind k, std::span<const double> ratings, double confidence = 0.95,
                                       const std::string& source = "<arrays>");

/// The metric for each group code (0 .. groups-1) of the ratings; a group without ratings has n = 0
/// and NaN numbers.
[[nodiscard]] std::vector<metric_estimate> estimate_by_group(metric_kind k, std::span<const double> ratings,
                                                             std::span<const std::uint32_t> group, std::size_t groups,
                                                             double confidence = 0.95,
                                                             const std::string& source = "<arrays>");

}  // namespace cxscore
