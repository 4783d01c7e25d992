#pragma once
/// Scoring: per-customer score and index, and the mergeable aggregates by touchpoint and segment
/// (owners, phases and channels are roll-ups of the touchpoints). The formulas are DESIGN.md's.
///
/// ```cpp
/// auto result = cxscore::score(events.view(), map, cxscore::model::prospect());
/// double brand = result.brand_score();
/// auto owners = result.by(map.group_by([](const cxscore::touchpoint& t) -> const auto& { return t.owner; }));
/// ```
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/group_summary.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/time.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

/// Brand-level sums; mergeable like the group summaries.
struct brand_summary {
  std::uint64_t customers = 0;
  std::uint64_t events = 0;
  double customer_weight = 0;     ///< sum psi over scored customers
  double journey_score_sum = 0;   ///< sum psi * S_c before the peak-end blend
  double score_sum = 0;           ///< sum psi * S_c after the blend

  void merge(const brand_summary& o) noexcept {
    customers += o.customers;
    events += o.events;
    customer_weight += o.customer_weight;
    journey_score_sum += o.journey_score_sum;
    score_sum += o.score_sum;
  }
};

struct score_result {
  std::vector<double> customer_score;          ///< S_c after the peak-end blend; NaN = no events
  std::vector<double> customer_journey_score;  ///< S_c before the blend
  std::vector<double> customer_index;          ///< 0-100
  std::vector<std::uint32_t> customer_events;
  std::vector<group_summary> touchpoints;      ///< by touchpoint code
  std::vector<group_summary> segments;         ///< by segment code
  brand_summary brand;
  double lambda = 1.0;

  /// S-bar = sum psi S_c / sum psi, before the peak-end blend: the sum of all contributions.
  [[nodiscard]] double brand_score() const noexcept { return brand.journey_score_sum / brand.customer_weight; }
  [[nodiscard]] double brand_index() const noexcept { return score_index(brand_score(), lambda); }
  /// The psi-weighted mean of the customers' final (blended) scores.
  [[nodiscard]] double mean_customer_score() const noexcept { return brand.score_sum / brand.customer_weight; }
  /// Aggregates for a grouping of touchpoints (see journey_map::group_by).
  [[nodiscard]] std::vector<group_summary> by(const journey_map::grouping& g) const {
    return roll_up(touchpoints, g.code_of_touchpoint, g.names.size());
  }
};

struct score_options {
  const customer_table* customers = nullptr;  ///< nullptr = every psi 1, one segment
  /// Label of a customer code for error messages (default: the code).
  std::function<std::string(std::uint32_t)> customer_label{};
  std::string source = "<events>";
  /// Reference time for recency decay (epoch seconds); NaN = each customer's latest event.
  double as_of = std::numeric_limits<double>::quiet_NaN();
};

namespace detail {
struct customer_accumulator {
  double weight_sum = 0;
  double weighted_value_sum = 0;
  double peak_abs = -1;
  double peak_value = 0;
  double end_time = -std::numeric_limits<double>::infinity();
  double end_value = 0;
  std::uint32_t events = 0;
};
}  // namespace detail

/// Scores validated events (see validate()); throws input_error for a customer whose weights sum to 0.
/// Two passes over the columns: per-customer sums, then each encounter's share of its customer's score.
[[nodiscard]] inline score_result score(const event_view& ev, const journey_map& map, const model& m,
                                        const score_options& opt = {}) {
  m.validate();
  const std::size_t n = ev.size();
  const std::size_t customers = ev.customer_count;
  const customer_table default_customers = opt.customers ? customer_table{} : customer_table(customers);
  const customer_table& ct = opt.customers ? *opt.customers : default_customers;
  if (ct.size() != customers)
    detail::fail({opt.source, 0, "customer", std::to_string(ct.size())},
                 "the customer table has " + std::to_string(ct.size()) + " customers, the events " +
                     std::to_string(customers));
  for (std::size_t c = 0; c < customers; ++c)
    if (!(ct.weight[c] >= 0) || !std::isfinite(ct.weight[c]))
      detail::fail({opt.source, 0, "weight", detail::number_text(ct.weight[c])},
                   "customer weights must be finite and >= 0");
  const std::vector<double> w_t = m.touchpoint_weights(map);
  const std::vector<double> w_d = m.dimension_weights_for({ev.dimension_names.begin(), ev.dimension_names.end()});
  std::vector<double> t_ref;
  if (m.has_decay() && std::isnan(opt.as_of)) {
    t_ref.assign(customers, -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < n; ++i) t_ref[ev.customer[i]] = std::max(t_ref[ev.customer[i]], ev.time[i]);
  } else if (m.has_decay()) {
    t_ref.assign(customers, opt.as_of);
    for (std::size_t i = 0; i < n; ++i)
      if (ev.time[i] > opt.as_of)
        detail::fail({opt.source, 0, "time", format_time(ev.time[i])},
                     "an event after the as-of time " + format_time(opt.as_of) + " cannot be scored");
  }
  // Gap, recovered value and weight of encounter i.
  struct encounter {
    double g, v, w;
  };
  auto measure = [&](std::size_t i) -> encounter {
    const touchpoint& tp = map[ev.touchpoint[i]];
    const double g = normalised_gap(ev.experience[i], ev.expectation_at(i, tp.promise), tp.scale, tp.direction);
    double v = gap_value(g, m);
    if (tp.role == role::service && v > 0) v *= m.recovery;
    double w = w_t[ev.touchpoint[i]];
    if (const auto d = ev.dimension_at(i); d != no_dimension) w *= w_d[static_cast<std::size_t>(d)];
    if (m.has_decay()) w *= recency_weight(t_ref[ev.customer[i]], ev.time[i], m.half_life_days);
    return {g, v, w};
  };

  std::vector<detail::customer_accumulator> acc(customers);
  for (std::size_t i = 0; i < n; ++i) {
    const auto [g, v, w] = measure(i);
    auto& a = acc[ev.customer[i]];
    ++a.events;
    a.weight_sum += w;
    a.weighted_value_sum += w * v;
    if (std::abs(v) > a.peak_abs) a.peak_abs = std::abs(v), a.peak_value = v;
    if (ev.time[i] >= a.end_time) a.end_time = ev.time[i], a.end_value = v;
  }

  score_result r;
  r.lambda = m.lambda;
  r.customer_score.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_journey_score = r.customer_score;
  r.customer_index = r.customer_score;
  r.customer_events.assign(customers, 0);
  for (std::size_t c = 0; c < customers; ++c) {
    const auto& a = acc[c];
    r.customer_events[c] = a.events;
    if (a.events == 0) continue;
    if (!(a.weight_sum > 0)) {
      const auto code = static_cast<std::uint32_t>(c);
      detail::fail({opt.source, 0, "customer", opt.customer_label ? opt.customer_label(code) : std::to_string(c)},
                   "the customer's encounter weights sum to 0, so the score is undefined");
    }
    const double journey = a.weighted_value_sum / a.weight_sum;
    const double blended = (1 - m.peak_end) * journey + m.peak_end * (a.peak_value + a.end_value) / 2;
    r.customer_journey_score[c] = journey;
    r.customer_score[c] = blended;
    r.customer_index[c] = score_index(blended, m.lambda);
    const double psi = ct.weight[c];
    ++r.brand.customers;
    r.brand.events += a.events;
    r.brand.customer_weight += psi;
    r.brand.journey_score_sum += psi * journey;
    r.brand.score_sum += psi * blended;
  }

  if (r.brand.customers > 0 && !(r.brand.customer_weight > 0))
    detail::fail({opt.source, 0, "weight", "0"}, "the customer weights sum to 0, so no brand score exists");

  // Second pass: an encounter's share W_i / sum W needs its customer's total, known only now. The
  // encounter is measured again rather than stored, so memory stays O(customers + touchpoints).
  r.touchpoints.resize(map.size());
  r.segments.resize(ct.segments.size());
  for (std::size_t i = 0; i < n; ++i) {
    const auto [g, v, w] = measure(i);
    const auto c = ev.customer[i];
    const double psi = ct.weight[c];
    const double share = w / acc[c].weight_sum;
    r.touchpoints[ev.touchpoint[i]].add(psi, g, v, share);
    r.segments[ct.segment[c]].add(psi, g, v, share);
  }
  return r;
}

}  // namespace cxscore
