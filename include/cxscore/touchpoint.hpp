#pragma once
/// A touchpoint: one place where the customer meets the brand (website, delivery, billing, support...).
///
/// ```cpp
/// cxscore::touchpoint delivery{.name = "delivery", .owner = "logistics", .scale = {0, 240},
///                              .direction = cxscore::direction::lower, .promise = 48};
/// ```
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace cxscore {

/// The largest weight (touchpoint, dimension or customer) and loss aversion λ accepted. Scores multiply
/// and sum these over every encounter (and square them for standard errors); at most 1e9 each, the sums
/// over 10^10 encounters stay far inside a double's range (about 1.8e308), so no result overflows to inf.
inline constexpr double max_weight = 1e9;

/// `experience` touchpoints shape the experience proactively; `service` touchpoints repair it.
enum class role { experience, service };
/// Whether a larger measured value is better (a rating) or worse (hours waited).
enum class direction { higher, lower };
/// How a touchpoint's experience is known: a survey value in the events, or measured from the log itself
/// (hours since the customer's previous event or since the journey began, or the number of visits to the
/// touchpoint so far: rework). Measured touchpoints are lower-is-better and need a promise.
enum class measure { survey, hours_since_previous, hours_since_start, visits };

/// A closed measurement scale `[lo, hi]` with `lo < hi`.
struct scale {
  double lo = 1.0;
  double hi = 5.0;
  [[nodiscard]] double width() const noexcept { return hi - lo; }
  [[nodiscard]] bool contains(double x) const noexcept { return x >= lo && x <= hi; }
};

inline constexpr double no_promise = std::numeric_limits<double>::quiet_NaN();

/// What an encounter is measured against: its own expectation, or the promise where that is NaN.
[[nodiscard]] inline double expectation_or(double expectation, double promise) noexcept {
  return std::isnan(expectation) ? promise : expectation;
}

/// One signal of a touchpoint measured from the log, with its own promise and scale (lower is better).
/// A touchpoint with several (e.g. waiting time and rework) scores each visit once per signal, as a
/// dimension of the encounter named `dimension` (default: the measure's name), exactly as a survey's
/// SERVQUAL items are dimensions of one encounter: the model's `dimension_weights` weigh them.
struct measurement {
  cxscore::measure measure = measure::hours_since_previous;
  double promise = no_promise;
  cxscore::scale scale{};
  std::string dimension{};
};

struct touchpoint {
  std::string name;
  cxscore::role role = role::experience;
  std::string owner = "unassigned";
  std::string phase = "unassigned";
  std::string channel = "unassigned";
  cxscore::scale scale{};  ///< defaults to the map's scale when read from JSON
  cxscore::direction direction = direction::higher;
  double promise = no_promise;                 ///< the default expectation; NaN = none (events must carry one)
  double weight = 1.0;                         ///< importance w_t, in [0, max_weight]
  cxscore::measure measure = measure::survey;  ///< see operational_experience.hpp
  /// Several signals measured from the log (see measurement); empty = the one signal `measure`. When
  /// given, journey_map::add_touchpoint takes `measure`, `promise`, `scale` and `direction` from the first.
  std::vector<measurement> measures{};
  /// The most signals a touchpoint may have: event_table::signal numbers them in a byte.
  static constexpr std::size_t max_signals = 255;

  [[nodiscard]] bool has_promise() const noexcept { return !std::isnan(promise); }
  /// +1 when higher is better, -1 when lower is better.
  [[nodiscard]] double sign() const noexcept { return direction == direction::higher ? 1.0 : -1.0; }
};

[[nodiscard]] inline std::string_view to_string(role r) noexcept {
  return r == role::experience ? "experience" : "service";
}
[[nodiscard]] inline std::string_view to_string(direction d) noexcept {
  return d == direction::higher ? "higher" : "lower";
}
[[nodiscard]] inline std::string_view to_string(measure m) noexcept {
  switch (m) {
    case measure::hours_since_previous: return "hours_since_previous";
    case measure::hours_since_start: return "hours_since_start";
    case measure::visits: return "visits";
    case measure::survey: break;
  }
  return "survey";
}

}  // namespace cxscore
