#include "cxscore/drivers/cx_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace cxscore {

double normal_quantile(double p) {
  if (!(p > 0 && p < 1)) detail::fail({"<metrics>", 0, "confidence", detail::number_text(p)}, "must lie in (0, 1)");
  double lo = -40, hi = 40;
  for (int i = 0; i < 200 && hi - lo > 0; ++i) {
    const double mid = (lo + hi) / 2;
    if (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p)
      lo = mid;
    else
      hi = mid;
    if (mid == lo && mid == hi) break;
  }
  return (lo + hi) / 2;
}

void check_rating(metric_kind k, double rating, location where) {
  const rating_scale s = scale_of(k);
  if (!(rating >= s.lo && rating <= s.hi) || rating != std::floor(rating))
    detail::fail(std::move(where),
                 std::string("a ") + to_string(k == metric_kind::ces_low_effort ? metric_kind::ces : k) +
                     " rating must be a whole number from " + std::to_string(s.lo) + " to " + std::to_string(s.hi));
}

metric_estimate estimate(metric_kind k, std::span<const double> ratings, double confidence, const std::string& source) {
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

std::vector<metric_estimate> estimate_by_group(metric_kind k, std::span<const double> ratings,
                                               std::span<const std::uint32_t> group, std::size_t groups,
                                               double confidence, const std::string& source) {
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
