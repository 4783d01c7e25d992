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
#include <algorithm>
#include <cmath>
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
[[nodiscard]] inline double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) detail::fail({"<metrics>", 0, "confidence", detail::number_text(p)}, "must lie in (0, 1)");
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 0; ++i) {
    const double mid = (lo + hi) / 2;
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p) lo = mid;
    else hi = mid;
    if (mid == lo && mid == hi) break;
  }
  return (lo + hi) / 2;
}

/// Throws unless `rating` is a whole number on the metric's scale; `where` locates it.
inline void check_rating(metric_kind k, double rating, location where) {
  const rating_scale s = scale_of(k);
  if (!(rating >= s.lo && rating <= s.hi) || rating != std::floor(rating))
    detail::fail(std::move(where), std::string("a ") + to_string(k == metric_kind::ces_low_effort ? metric_kind::ces : k) +
                                       " rating must be a whole number from " + std::to_string(s.lo) + " to " +
                                       std::to_string(s.hi));
}

/// The metric of `ratings` (validated; rows in errors are positions + 1 in `source`).
[[nodiscard]] inline metric_estimate estimate(metric_kind k, std::span<const double> ratings, double confidence = 0.95,
                                              const std::string& source = "<arrays>") {
  const double z = normal_quantile((1 + confidence) / 2);
  if (ratings.empty()) detail::fail({source, 0, to_string(k), ""}, "no ratings");
  double sum = 0, count_top = 0, count_bottom = 0;
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    const double r = ratings[i];
    check_rating(k, r, {source, i + 1, to_string(k), detail::number_text(r)});
    sum += r;
    if (k == metric_kind::nps) count_top += r >= 9, count_bottom += r <= 6;
    if (k == metric_kind::csat) count_top += r >= 4;
    if (k == metric_kind::ces_low_effort) count_top += r >= 5;
  }
  const double n = static_cast<double>(ratings.size());
  metric_estimate e{k, ratings.size(), 0, 0, 0, 0};
  if (k == metric_kind::nps) {
    const double p = count_top / n, d = count_bottom / n;
    e.value = 100 * (p - d);
    e.se = 100 * std::sqrt((p + d - (p - d) * (p - d)) / n);
  } else if (k == metric_kind::ces) {
    const double mean = sum / n;
    double ss = 0;
    for (double r : ratings) ss += (r - mean) * (r - mean);
    e.value = mean;
    e.se = ratings.size() > 1 ? std::sqrt(ss / (n - 1) / n) : std::nan("");
  } else {
    const double s = count_top / n;
    e.value = 100 * s;
    e.se = 100 * std::sqrt(s * (1 - s) / n);
  }
  const double low = k == metric_kind::nps ? -100 : k == metric_kind::ces ? 1 : 0;
  const double high = k == metric_kind::ces ? 7 : 100;
  e.lower = std::max(low, e.value - z * e.se);
  e.upper = std::min(high, e.value + z * e.se);
  return e;
}

/// The metric for each group code (0 .. groups-1) of the ratings; a group without ratings has n = 0
/// and NaN numbers.
[[nodiscard]] inline std::vector<metric_estimate> estimate_by_group(metric_kind k, std::span<const double> ratings,
                                                                    std::span<const std::uint32_t> group,
                                                                    std::size_t groups, double confidence = 0.95,
                                                                    const std::string& source = "<arrays>") {
  if (group.size() != ratings.size())
    detail::fail({source, 0, "group", std::to_string(group.size())}, "group column length differs from the ratings");
  std::vector<std::vector<double>> split(groups);
  for (std::size_t i = 0; i < ratings.size(); ++i) {
    if (group[i] >= groups) detail::fail({source, i + 1, "group", std::to_string(group[i])}, "group code out of range");
    check_rating(k, ratings[i], {source, i + 1, to_string(k), detail::number_text(ratings[i])});
    split[group[i]].push_back(ratings[i]);
  }
  std::vector<metric_estimate> out;
  for (const auto& g : split) {
    if (g.empty()) {
      const double nan = std::nan("");
      out.push_back({k, 0, nan, nan, nan, nan});
    } else {
      out.push_back(estimate(k, g, confidence, source));
    }
  }
  return out;
}

}  // namespace cxscore
