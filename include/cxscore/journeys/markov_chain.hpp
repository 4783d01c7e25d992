#pragma once
/// Outcomes as an absorbing Markov chain, solved exactly with a sparse LU (Eigen), never by simulation.
/// States: start, each touchpoint split into *met* (g >= 0, or not measured) and *unmet* (g < 0), and two
/// absorbing outcomes, success (e.g. retained, converted) and failure. Transition probabilities are the
/// observed transition counts of the journeys, normalised per state.
///
/// - success probability P: from start, the probability of absorption in success;
/// - removal effect of touchpoint t (Anderl et al. 2016): transitions into t go to failure instead,
///   `1 - P_without / P`; credit = the removal effect's share of all removal effects x successes
///   (ChannelAttribution's `total_conversions` attribution);
/// - fix what-if of t: transitions into t-unmet go to t-met instead (t's met visits keep their own
///   onward behaviour); uplift = P_fixed - P, worth uplift x journeys customers.
///
/// Every scenario is a rank-1 or rank-2 change of `I - Q`, so one factorisation serves all of them
/// (Sherman-Morrison-Woodbury): three triangular solves per touchpoint. A degenerate chain gets an
/// explicit answer in `touchpoint_effect::removal_note` and `fix_note`, never NaN: a state with no way out (or trapped in a loop
/// without exit) is absorbed in failure; a touchpoint never met has no fix estimate (`fix_defined` false).
///
/// ```cpp
/// cxscore::markov_counts counts(3);                 // touchpoints 0, 1, 2
/// const cxscore::markov_step path[] = {{0}, {1}, {2, false}};
/// counts.add_path(path, 1, 0);                     // one journey, converted
/// const cxscore::markov_result r = cxscore::solve_markov(counts);
/// double p = r.success_probability;                // 1
/// double re = r.effects[1].removal_effect;         // 1: every conversion passed touchpoint 1
/// ```
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cxscore/journeys/event_log.hpp"

namespace cxscore {

struct markov_step {
  std::uint32_t touchpoint = 0;
  bool met = true;
};

/// Transition counts between the chain's states; mergeable.
class markov_counts {
 public:
  explicit markov_counts(std::size_t touchpoints = 0) : m_touchpoints(touchpoints) {}

  [[nodiscard]] static constexpr std::uint32_t start_state() noexcept { return 0; }
  [[nodiscard]] static constexpr std::uint32_t state(markov_step s) noexcept {
    return 1 + 2 * s.touchpoint + (s.met ? 0 : 1);
  }
  [[nodiscard]] std::uint32_t transient_states() const noexcept {
    return static_cast<std::uint32_t>(1 + 2 * m_touchpoints);
  }
  [[nodiscard]] std::uint32_t success_state() const noexcept { return transient_states(); }
  [[nodiscard]] std::uint32_t failure_state() const noexcept { return transient_states() + 1; }

  /// Adds `successes + failures` journeys that took `path` (possibly empty); `successes` of them reached
  /// the outcome. Counts may be fractional (weights) but not negative.
  void add_path(std::span<const markov_step> path, double successes, double failures);
  /// Adds `successes + failures` journeys that leave state `from` for the outcomes (each journey ends
  /// once, so these count the journeys); with add_transition, for chains not built from whole paths.
  void add_exits(std::uint32_t from, double successes, double failures);
  /// Adds `count` transitions between two states (see state(); outcomes are success_state() and
  /// failure_state()); for chains not built from whole paths.
  void add_transition(std::uint32_t from, std::uint32_t to, double count);
  void merge(const markov_counts& o);
  /// (from, to, count), sorted by (from, to).
  struct transition {
    std::uint32_t from, to;
    double count;
  };
  [[nodiscard]] std::vector<transition> transitions() const;
  [[nodiscard]] std::size_t touchpoints() const noexcept { return m_touchpoints; }
  [[nodiscard]] double journeys() const noexcept { return m_journeys; }
  [[nodiscard]] double successes() const noexcept { return m_successes; }
  /// The same counts on other touchpoint codes: touchpoint k becomes `codes[k]`, of `touchpoints` in all
  /// (std::invalid_argument unless each touchpoint gets its own code).
  [[nodiscard]] markov_counts recoded(std::span<const std::uint32_t> codes, std::size_t touchpoints) const;

 private:
  // Restores every field as to_bytes(const markov_counts&) wrote it (io/markov_bytes.hpp).
  friend markov_counts markov_counts_from_bytes(std::string_view bytes);

  std::size_t m_touchpoints;
  std::unordered_map<std::uint64_t, double> m_counts;
  double m_journeys = 0;
  double m_successes = 0;
};

struct touchpoint_effect {
  std::uint32_t touchpoint = 0;
  double removal_effect = 0;  ///< 1 - P_without / P (0 when P = 0)
  double credit = 0;          ///< removal-effect share x successes
  double fix_uplift = 0;      ///< P_fixed - P (meaningful when fix_defined)
  double fix_customers = 0;   ///< fix_uplift x journeys
  bool fix_defined = true;
  std::string removal_note;  ///< why the removal effect is 0 (never visited, outcome never reached); else empty
  std::string fix_note;      ///< why the fix uplift is 0 or undefined; else empty

  /// Both notes, joined by "; ".
  [[nodiscard]] std::string note() const {
    return removal_note + (removal_note.empty() || fix_note.empty() ? "" : "; ") + fix_note;
  }
};

struct markov_result {
  double success_probability = 0;
  double journeys = 0;
  double successes = 0;
  std::vector<touchpoint_effect> effects;  ///< by touchpoint code
  std::uint32_t states_without_exit = 0;   ///< visited states with no way out (absorbed in failure)
};

/// Solves the chain: P, and every touchpoint's removal effect, credit and fix what-if.
[[nodiscard]] markov_result solve_markov(const markov_counts& counts);

/// The chain's degenerate cases, which its numbers alone cannot say, as (name, explanation) pairs: every
/// touchpoint with a note (in code order, named by `names`; fix notes only `with_fix`), then `__chain__`
/// when visited states had no way out. Empty when nothing is degenerate.
[[nodiscard]] std::vector<std::pair<std::string, std::string>> markov_notes(const markov_result& r,
                                                                            const dictionary& names,
                                                                            bool with_fix = true);

/// The chain's counts from an event log: each customer's journey in time order, a step met unless its gap
/// is < 0, and the customer's outcome (`outcome[c]`: 1 success, 0 failure, anything else = no outcome,
/// skipped).
[[nodiscard]] markov_counts count_journeys(const event_log& log, const journey_order& order,
                                           std::span<const std::int8_t> outcome);

}  // namespace cxscore
