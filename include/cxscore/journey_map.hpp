#pragma once
/// The journey map: the touchpoints (index = dense touchpoint code), the transitions the brand designed
/// between them, and the outcome names. Plain data: the journey analyses build their own graphs from the
/// journeys customers take (journeys/directly_follows.hpp).
///
/// ```cpp
/// cxscore::journey_map map("retail");
/// auto web = map.add_touchpoint({.name = "website"});
/// auto buy = map.add_touchpoint({.name = "checkout"});
/// map.add_transition(web, buy);
/// ```
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cxscore/detail/text.hpp"
#include "cxscore/dictionary.hpp"
#include "cxscore/error.hpp"
#include "cxscore/touchpoint.hpp"

namespace cxscore {

using touchpoint_code = std::uint32_t;

/// The names edges.csv (`cxscore journeys`) gives a journey's start and end; no touchpoint may take them.
inline constexpr std::string_view journey_start_name = "__start__";
inline constexpr std::string_view journey_end_name = "__end__";

/// A designed step from one touchpoint to another.
struct transition {
  touchpoint_code from = 0;
  touchpoint_code to = 0;
  friend bool operator==(const transition&, const transition&) = default;
};

class journey_map {
 public:
  explicit journey_map(std::string name = "journey", cxscore::scale default_scale = {})
      : m_name(std::move(name)), m_scale(default_scale) {}

  /// Why `name` cannot name a touchpoint, or nothing: it is empty, has blanks at either end (the event
  /// readers trim them, so no event could match it), or is a name edges.csv reserves.
  [[nodiscard]] static std::optional<std::string> name_problem(std::string_view name) {
    if (name.empty()) return "touchpoint name is empty";
    if (detail::trim(name).size() != name.size())
      return "touchpoint name has blanks at its start or end, which no event's touchpoint can match";
    if (name == journey_start_name || name == journey_end_name)
      return "touchpoint name is reserved: edges.csv marks journeys' starts and ends with " +
             std::string(journey_start_name) + " and " + std::string(journey_end_name);
    return std::nullopt;
  }

  /// Adds a touchpoint after validating it; returns its dense code. `source` names the input in errors.
  touchpoint_code add_touchpoint(touchpoint tp, const std::string& source = "<map>") {
    const location at{source, 0, "touchpoints[" + std::to_string(size()) + "]", tp.name};
    if (const auto problem = name_problem(tp.name)) detail::fail(at, *problem);
    if (m_names.find(tp.name)) detail::fail(at, "duplicate touchpoint name");
    auto check_scale = [](const location& where, const cxscore::scale& s) {
      // A finite width too: gaps are divided by hi - lo, which must not overflow.
      if (!(s.lo < s.hi) || !std::isfinite(s.hi - s.lo))
        detail::fail(where, "scale [" + detail::number_text(s.lo) + ", " + detail::number_text(s.hi) +
                                "] needs finite lo < hi, hi - lo finite too");
    };
    check_scale(at, tp.scale);
    if (!(tp.weight >= 0.0 && tp.weight <= max_weight))
      detail::fail(at, "weight " + detail::number_text(tp.weight) + " must be >= 0 and at most 1e9 (max_weight)");
    if (tp.measures.size() > touchpoint::max_signals)
      detail::fail(at, std::to_string(tp.measures.size()) + " measures: at most " +
                           std::to_string(touchpoint::max_signals) + " per touchpoint");
    for (std::size_t j = 0; j < tp.measures.size(); ++j) {
      measurement& m = tp.measures[j];
      const location mat{source, 0, at.column + ".measures[" + std::to_string(j) + "]", tp.name};
      if (m.measure == measure::survey)
        detail::fail(mat,
                     "each of several measures is measured from the log (hours_since_previous, "
                     "hours_since_start or visits); a survey touchpoint has one measure");
      check_scale(mat, m.scale);
      if (!(m.scale.contains(m.promise)))
        detail::fail(mat, "promise " + detail::number_text(m.promise) + " must be a number within the measure's scale");
      if (m.dimension.empty()) m.dimension = std::string(to_string(m.measure));
      for (std::size_t i = 0; i < j; ++i)
        if (tp.measures[i].dimension == m.dimension)
          detail::fail(mat, "dimension '" + m.dimension + "' is measured twice at this touchpoint");
    }
    if (!tp.measures.empty()) {  // the first measure is the touchpoint's own
      tp.measure = tp.measures[0].measure;
      tp.promise = tp.measures[0].promise;
      tp.scale = tp.measures[0].scale;
      tp.direction = direction::lower;
    }
    if (tp.measure != measure::survey && !tp.has_promise())
      detail::fail(at, "a touchpoint measured from the log (" + std::string(to_string(tp.measure)) +
                           ") needs a promise to measure against");
    if (tp.measure != measure::survey && tp.direction != direction::lower)
      detail::fail(at, "a touchpoint measured from the log is lower-is-better (direction \"lower\")");
    if (tp.has_promise() && !tp.scale.contains(tp.promise))
      detail::fail(at, "promise " + detail::number_text(tp.promise) + " is outside the touchpoint's scale");
    const auto code = static_cast<touchpoint_code>(m_touchpoints.size());
    (void)m_names.encode(tp.name);  // the next code: the same as the touchpoint's
    m_touchpoints.push_back(std::move(tp));
    return code;
  }

  /// Adds the transition from -> to between two touchpoints of the map.
  void add_transition(touchpoint_code from, touchpoint_code to) {
    if (from >= size() || to >= size()) throw std::out_of_range("journey_map::add_transition: no such touchpoint");
    m_transitions.push_back({from, to});
  }

  void add_outcome(std::string outcome) { m_outcomes.push_back(std::move(outcome)); }

  [[nodiscard]] std::optional<touchpoint_code> find(std::string_view name) const {
    if (auto code = m_names.find(name)) return static_cast<touchpoint_code>(*code);
    return std::nullopt;
  }
  [[nodiscard]] const touchpoint& operator[](touchpoint_code code) const { return m_touchpoints[code]; }
  [[nodiscard]] std::size_t size() const noexcept { return m_touchpoints.size(); }
  [[nodiscard]] const std::string& name() const noexcept { return m_name; }
  [[nodiscard]] const cxscore::scale& default_scale() const noexcept { return m_scale; }
  [[nodiscard]] const std::vector<std::string>& outcomes() const noexcept { return m_outcomes; }
  [[nodiscard]] const std::vector<transition>& transitions() const noexcept { return m_transitions; }
  [[nodiscard]] std::size_t transition_count() const noexcept { return m_transitions.size(); }

  /// Names of the distinct values of a touchpoint attribute, in first-appearance order, and the
  /// group code of every touchpoint. Used to roll touchpoint aggregates up by owner, phase, channel.
  struct grouping {
    std::vector<std::string> names;
    std::vector<std::uint32_t> code_of_touchpoint;
  };
  template <class Attribute>
  [[nodiscard]] grouping group_by(Attribute attribute) const {
    grouping g;
    std::unordered_map<std::string, std::uint32_t> seen;
    for (std::size_t t = 0; t < size(); ++t) {
      std::string key(attribute(m_touchpoints[t]));
      auto [it, inserted] = seen.emplace(key, static_cast<std::uint32_t>(g.names.size()));
      if (inserted) g.names.push_back(key);
      g.code_of_touchpoint.push_back(it->second);
    }
    return g;
  }

 private:
  std::string m_name;
  cxscore::scale m_scale;
  std::vector<touchpoint> m_touchpoints;
  std::vector<transition> m_transitions;
  /// Each touchpoint's name, coded as the touchpoint: the readers look a name up once per event row, and
  /// the dictionary's open-addressing table does that without building a string.
  dictionary m_names;
  std::vector<std::string> m_outcomes;
};

}  // namespace cxscore
