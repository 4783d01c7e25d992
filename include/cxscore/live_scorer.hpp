#pragma once
/// Live scoring: a customer's score folded one event at a time in O(1), for an application that wants
/// the score now and an alert when it crosses a threshold.
///
/// **Equal to batch scoring.** After the events of a customer have been folded in some order, the
/// customer's score is `score()`'s score of the same events given in the same order (peak ties go to the
/// earliest folded, end ties to the latest folded event at the latest time, as in `score()`), to rounding
/// (tested to 1e-12). The reference time of recency decay does not change a score (every weight is
/// scaled alike), so the state keeps its sums scaled to its latest event time `t_last`:
/// `A = Σ W_i·v_i·2^(−(t_last − τ_i)/h)`, `B = Σ W_i·2^(−(t_last − τ_i)/h)`. A later event rescales both by
/// `recency_weight(τ, t_last, h)` before adding its own term; an **out-of-order** (earlier) event is
/// accepted and simply enters with weight `recency_weight(t_last, τ, h)`, so it too gives the batch answer.
///
/// **Threads.** A `live_scorer` holds one state per customer code, allocated up front; `update` calls for
/// *distinct* customers may run concurrently (each touches only its own state; the callback must then be
/// thread-safe itself). Updates of one customer must be serialised by the caller.
///
/// ```cpp
/// cxscore::live_scorer live(map, cxscore::model::prospect(), /*customers*/ 1000);
/// live.on_threshold(30.0, [](const cxscore::live_alert& a) {
///   std::printf("customer %u fell to %.1f after %s\n", a.customer, a.index, a.touchpoint_name.data());
/// });
/// auto u = live.update({.customer = 7, .touchpoint = *map.find("delivery"), .time = 1.7e9, .experience = 96});
/// double now = u.index;
/// ```
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/encounter.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

/// One customer's running state. Plain data: 64 bytes, no allocation.
struct customer_state {
  double scaled_value_sum = 0;                               ///< A: Σ W·v scaled to t_last
  double scaled_weight_sum = 0;                              ///< B: Σ W scaled to t_last
  double t_last = -std::numeric_limits<double>::infinity();  ///< latest event time folded
  double peak_abs = -1;
  double peak_value = 0;
  double end_value = 0;
  std::uint64_t events = 0;

  /// Folds an encounter of weight `w` (touchpoint × dimension, without decay) and value `v` at `time`.
  /// ```cpp
  /// cxscore::customer_state s;
  /// s.fold(1.0, -0.5, 0.0, 30.0);  // half-life 30 days; inf = no decay
  /// ```
  void fold(double w, double v, double time, double half_life_days) noexcept {
    if (time >= t_last) {
      if (events > 0 && std::isfinite(half_life_days)) {
        const double f = recency_weight(time, t_last, half_life_days);
        scaled_value_sum *= f;
        scaled_weight_sum *= f;
      }
      t_last = time;
      end_value = v;  // >=: the latest folded of equal times is the end, as in score()
    } else if (std::isfinite(half_life_days)) {
      w *= recency_weight(t_last, time, half_life_days);
    }
    scaled_value_sum += w * v;
    scaled_weight_sum += w;
    if (std::abs(v) > peak_abs) peak_abs = std::abs(v), peak_value = v;
    ++events;
  }
  /// S_c before the peak-end blend; NaN when nothing was folded (or all weights are 0).
  [[nodiscard]] double journey_score() const noexcept {
    return scaled_weight_sum > 0 ? scaled_value_sum / scaled_weight_sum : std::numeric_limits<double>::quiet_NaN();
  }
  /// S_c after the peak-end blend with weight `peak_end`.
  [[nodiscard]] double score(double peak_end) const noexcept {
    return (1 - peak_end) * journey_score() + peak_end * (peak_value + end_value) / 2;
  }
};

/// An event as the application sees it: codes of the map and of its own customer numbering.
struct live_event {
  std::uint32_t customer = 0;
  touchpoint_code touchpoint = 0;
  double time = 0;  ///< epoch seconds
  double experience = 0;
  double expectation = no_promise;  ///< NaN = the touchpoint's promise
  std::int32_t dimension = no_dimension;
};

/// What one update did to the customer.
struct live_update {
  double gap = 0;    ///< g of this encounter
  double value = 0;  ///< v after service recovery
  double score = 0;  ///< the customer's score after the update (NaN while all weights are 0)
  double index = 0;  ///< 0-100
  double previous_index = std::numeric_limits<double>::quiet_NaN();  ///< NaN for the first event
};

/// Passed to the threshold callback when a customer's index goes from >= threshold (or no score yet)
/// to below it.
struct live_alert {
  std::uint32_t customer = 0;
  touchpoint_code touchpoint = 0;
  std::string_view touchpoint_name;
  double time = 0;
  double gap = 0;  ///< the encounter that pushed the customer below (g < 0: expectation unmet)
  double index = 0;
  double previous_index = 0;  ///< NaN when this was the customer's first event
  double threshold = 0;
};

class live_scorer {
 public:
  /// `dimension_names` label the events' dimension codes (for the model's dimension weights).
  live_scorer(const journey_map& map, const model& m, std::size_t customer_count,
              std::vector<std::string> dimension_names = {}, std::string source = "<live>")
      : m_map(map),
        m_model(m),
        m_states(customer_count),
        m_dimension_names(std::move(dimension_names)),
        m_source(std::move(source)),
        m_measure(map, m, m_dimension_names) {}

  /// Calls `callback` whenever an update takes a customer's index from >= `threshold` to below it. A
  /// customer is watched from its `min_events`-th event on (before that the score rests on too little), and
  /// being below at that event counts as falling below. Set it before updating from several threads.
  void on_threshold(double threshold, std::function<void(const live_alert&)> callback, std::uint64_t min_events = 1) {
    m_threshold = threshold;
    m_callback = std::move(callback);
    m_min_events = std::max<std::uint64_t>(1, min_events);
  }

  /// Validates and folds one event; throws input_error (file = the source, column, value) for a bad one,
  /// leaving the state untouched.
  live_update update(const live_event& e) {
    check(e);
    const auto [g, v, w] = m_measure(e.touchpoint, e.experience, e.expectation, e.dimension);

    customer_state& s = m_states[e.customer];
    live_update u{.gap = g, .value = v};
    if (s.scaled_weight_sum > 0) u.previous_index = score_index(s.score(m_model.peak_end), m_model.lambda);
    s.fold(w, v, e.time, m_model.half_life_days);
    u.score = s.score(m_model.peak_end);
    u.index = score_index(u.score, m_model.lambda);
    const bool newly_watched = s.events == m_min_events;
    if (m_callback && s.events >= m_min_events && u.index < m_threshold &&
        (newly_watched || !(u.previous_index < m_threshold)))
      m_callback({.customer = e.customer,
                  .touchpoint = e.touchpoint,
                  .touchpoint_name = m_map[e.touchpoint].name,
                  .time = e.time,
                  .gap = g,
                  .index = u.index,
                  .previous_index = u.previous_index,
                  .threshold = m_threshold});
    return u;
  }

  [[nodiscard]] const customer_state& state(std::uint32_t customer) const { return m_states.at(customer); }
  /// The customer's score after the peak-end blend (NaN without events), as score() gives it.
  [[nodiscard]] double score(std::uint32_t customer) const { return state(customer).score(m_model.peak_end); }
  [[nodiscard]] double index(std::uint32_t customer) const { return score_index(score(customer), m_model.lambda); }
  [[nodiscard]] std::size_t customer_count() const noexcept { return m_states.size(); }
  [[nodiscard]] const model& scoring_model() const noexcept { return m_model; }

 private:
  // The batch validator on a one-row view, so live and batch refuse exactly the same events.
  void check(const live_event& e) const {
    const event_view one{.customer = {&e.customer, 1},
                         .touchpoint = {&e.touchpoint, 1},
                         .time = {&e.time, 1},
                         .experience = {&e.experience, 1},
                         .expectation = {&e.expectation, 1},
                         .dimension = {&e.dimension, 1},
                         .customer_count = m_states.size(),
                         .dimension_names = m_dimension_names};
    if (auto p = find_row_problem(one, m_map, 0)) [[unlikely]]
      detail::fail({m_source, 0, p->column, p->value}, p->reason);
  }

  const journey_map& m_map;
  model m_model;
  std::vector<customer_state> m_states;
  std::vector<std::string> m_dimension_names;
  std::string m_source;
  encounter_measure m_measure;
  double m_threshold = -std::numeric_limits<double>::infinity();
  std::uint64_t m_min_events = 1;
  std::function<void(const live_alert&)> m_callback;
};

}  // namespace cxscore
