#pragma once
/// One encounter measured by the model, outside the batch kernel: its gap g, its value v (after service
/// recovery) and its weight without recency, `w_t · ω_d`. The live scorer and the time-window monitor
/// use it; `score()` computes the same quantities in its own loop.
///
/// ```cpp
/// cxscore::encounter_measure measure(map, cxscore::model::prospect(), events.dimensions.labels());
/// auto [g, v, w] = measure(events.touchpoint[0], events.experience[0], NAN, cxscore::no_dimension);
/// ```
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

struct encounter_values {
  double gap;     ///< g = normalised_gap(...)
  double value;   ///< v = gap_value(g), times the recovery factor for a gain at a service touchpoint
  double weight;  ///< w_t · ω_d (touchpoint importance × dimension weight), no recency
};

class encounter_measure {
 public:
  /// Validates `m`; `dimension_names` label the dimension codes the events use.
  encounter_measure(const journey_map& map, const model& m, std::span<const std::string> dimension_names)
      : m_map(map),
        m_model(m),
        m_touchpoint_weight((m.validate(), m.touchpoint_weights(map))),
        m_dimension_weight(m.dimension_weights_for({dimension_names.begin(), dimension_names.end()})) {}

  /// `expectation` NaN = the touchpoint's promise; `dimension` no_dimension = none. Inputs are validated.
  [[nodiscard]] encounter_values operator()(touchpoint_code t, double experience, double expectation,
                                            std::int32_t dimension) const noexcept {
    const touchpoint& tp = m_map[t];
    const double g = encounter_gap(tp, experience, expectation);
    const double v = gap_value(g, m_model, gain_factor(tp, m_model));
    return {g, v, m_touchpoint_weight[t] * dimension_weight(dimension)};
  }
  /// ω_d of a dimension code; 1 for no_dimension.
  [[nodiscard]] double dimension_weight(std::int32_t dimension) const noexcept {
    return dimension == no_dimension ? 1.0 : m_dimension_weight[static_cast<std::size_t>(dimension)];
  }
  /// Row `i` of validated events.
  [[nodiscard]] encounter_values operator()(const event_view& ev, std::size_t i) const noexcept {
    return (*this)(ev.touchpoint[i], ev.experience[i], ev.expectation.empty() ? no_promise : ev.expectation[i],
                   ev.dimension_at(i));
  }
  [[nodiscard]] const cxscore::model& scoring_model() const noexcept { return m_model; }

 private:
  const journey_map& m_map;
  model m_model;
  std::vector<double> m_touchpoint_weight;
  std::vector<double> m_dimension_weight;
};

}  // namespace cxscore
