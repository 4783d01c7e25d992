#pragma once
/// The scoring model: value function, service recovery, recency decay, peak-end blend, weights.
/// Presets: `prospect` (the default; Tversky & Kahneman 1992: alpha = beta = 0.88, lambda = 2.25) and
/// `servqual` (alpha = beta = lambda = recovery = 1, no decay, no peak-end: the classic gap score).
///
/// ```cpp
/// auto m = cxscore::model::prospect();
/// m.half_life_days = 90;
/// m.weights["delivery"] = 2.0;
/// m.validate();
/// ```
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/journey_map.hpp"

namespace cxscore {

struct model {
  std::string preset = "prospect";
  double alpha = 0.88;    ///< curvature for gains, in (0, 1]
  double beta = 0.88;     ///< curvature for losses, in (0, 1]
  double lambda = 2.25;   ///< loss aversion, > 0
  double recovery = 1.0;  ///< share of a positive value kept at service touchpoints, in [0, 1]
  double half_life_days = std::numeric_limits<double>::infinity();  ///< recency half-life; inf = none
  double peak_end = 0.0;                                            ///< weight pi of the peak-end blend, in [0, 1]
  std::map<std::string, double> weights;            ///< touchpoint name -> importance (overrides the map)
  std::map<std::string, double> dimension_weights;  ///< dimension name -> weight

  [[nodiscard]] static model prospect() { return {}; }
  [[nodiscard]] static model servqual() {
    model m;
    m.preset = "servqual";
    m.alpha = m.beta = m.lambda = m.recovery = 1.0;
    return m;
  }
  /// The preset called `name` ("prospect" or "servqual").
  [[nodiscard]] static model from_preset(const std::string& name, const std::string& source = "<model>") {
    if (name == "prospect") return prospect();
    if (name == "servqual") return servqual();
    detail::fail({source, 0, "preset", name}, "unknown preset (expected 'prospect' or 'servqual')");
  }

  [[nodiscard]] bool has_decay() const noexcept { return std::isfinite(half_life_days); }
  /// Whether scoring reads the events' times: for recency decay or the peak-end blend's end.
  [[nodiscard]] bool reads_time() const noexcept { return has_decay() || peak_end > 0; }

  /// Throws input_error naming the first parameter out of range.
  void validate(const std::string& source = "<model>") const {
    auto check = [&](bool ok, const char* key, double value, const char* rule) {
      if (!ok) detail::fail({source, 0, key, detail::number_text(value)}, std::string(key) + " must be " + rule);
    };
    check(alpha > 0 && alpha <= 1, "alpha", alpha, "in (0, 1]");
    check(beta > 0 && beta <= 1, "beta", beta, "in (0, 1]");
    check(lambda > 0 && lambda <= max_weight, "lambda", lambda, "> 0 and at most 1e9 (cxscore::max_weight)");
    check(recovery >= 0 && recovery <= 1, "recovery", recovery, "in [0, 1]");
    check(half_life_days > 0, "half_life_days", half_life_days, "> 0 (or absent for no decay)");
    check(peak_end >= 0 && peak_end <= 1, "peak_end", peak_end, "in [0, 1]");
    // Bounded, not just finite: the score multiplies and sums weights and lambda (max_weight).
    for (const auto& [name, w] : weights)
      if (!(w >= 0 && w <= max_weight))
        detail::fail({source, 0, "weights." + name, detail::number_text(w)}, "weight must be >= 0 and at most 1e9");
    for (const auto& [name, w] : dimension_weights)
      if (!(w >= 0 && w <= max_weight))
        detail::fail({source, 0, "dimension_weights." + name, detail::number_text(w)},
                     "weight must be >= 0 and at most 1e9");
  }

  /// w_t for every touchpoint of `map`: the model's weight if it has one, else the map's.
  /// A model weight naming a touchpoint the map lacks is an error.
  [[nodiscard]] std::vector<double> touchpoint_weights(const journey_map& map,
                                                       const std::string& source = "<model>") const {
    std::vector<double> w(map.size());
    for (std::size_t t = 0; t < map.size(); ++t) w[t] = map[static_cast<touchpoint_code>(t)].weight;
    for (const auto& [name, value] : weights) {
      const auto code = map.find(name);
      if (!code) detail::fail({source, 0, "weights", name}, "weight for a touchpoint the map does not have");
      w[*code] = value;
    }
    return w;
  }

  /// A copy with the given touchpoint weights (e.g. learned importances, see key_drivers.hpp), replacing
  /// any weight the model had for those touchpoints; validated.
  ///
  /// ```cpp
  /// auto m = cxscore::model::prospect().with_weights({{"delivery", 2.5}, {"billing", 0.4}});
  /// ```
  [[nodiscard]] model with_weights(const std::map<std::string, double>& touchpoint_weights,
                                   const std::string& source = "<weights>") const {
    model m = *this;
    for (const auto& [name, w] : touchpoint_weights) m.weights[name] = w;
    m.validate(source);
    return m;
  }

  /// omega_d for every dimension name (1 when the model has no weight for it).
  [[nodiscard]] std::vector<double> dimension_weights_for(const std::vector<std::string>& dimensions) const {
    std::vector<double> w(dimensions.size(), 1.0);
    for (std::size_t d = 0; d < dimensions.size(); ++d)
      if (auto it = dimension_weights.find(dimensions[d]); it != dimension_weights.end()) w[d] = it->second;
    return w;
  }
};

}  // namespace cxscore
