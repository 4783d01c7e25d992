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
#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
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
  [[nodiscard]] std::uint32_t transient_states() const noexcept { return static_cast<std::uint32_t>(1 + 2 * m_touchpoints); }
  [[nodiscard]] std::uint32_t success_state() const noexcept { return transient_states(); }
  [[nodiscard]] std::uint32_t failure_state() const noexcept { return transient_states() + 1; }

  /// Adds `successes + failures` journeys that took `path` (possibly empty); `successes` of them reached
  /// the outcome. Counts may be fractional (weights) but not negative.
  void add_path(std::span<const markov_step> path, double successes, double failures) {
    if (!(successes >= 0) || !(failures >= 0) || !std::isfinite(successes + failures))
      throw std::invalid_argument("markov_counts::add_path: counts must be finite and >= 0");
    const double journeys = successes + failures;
    if (journeys == 0) return;
    std::uint32_t from = start_state();
    for (const auto& s : path) {
      if (s.touchpoint >= m_touchpoints) throw std::out_of_range("markov_counts::add_path: touchpoint code out of range");
      add_transition(from, state(s), journeys);
      from = state(s);
    }
    add_exits(from, successes, failures);
  }
  /// Adds `successes + failures` journeys that leave state `from` for the outcomes (each journey ends
  /// once, so these count the journeys); with add_transition, for chains not built from whole paths.
  void add_exits(std::uint32_t from, double successes, double failures) {
    if (!(successes >= 0) || !(failures >= 0) || !std::isfinite(successes + failures))
      throw std::invalid_argument("markov_counts::add_exits: counts must be finite and >= 0");
    if (successes > 0) add_transition(from, success_state(), successes);
    if (failures > 0) add_transition(from, failure_state(), failures);
    m_journeys += successes + failures;
    m_successes += successes;
  }
  /// Adds `count` transitions between two states (see state(); outcomes are success_state() and
  /// failure_state()); for chains not built from whole paths.
  void add_transition(std::uint32_t from, std::uint32_t to, double count) {
    if (!(count >= 0) || !std::isfinite(count))
      throw std::invalid_argument("markov_counts::add_transition: counts must be finite and >= 0");
    if (from >= transient_states() || to > failure_state())
      throw std::out_of_range("markov_counts::add_transition: state out of range");
    if (count > 0) m_counts[std::uint64_t{from} * (transient_states() + 2) + to] += count;
  }
  void merge(const markov_counts& o) {
    if (o.m_touchpoints != m_touchpoints) throw std::invalid_argument("markov_counts::merge: different touchpoints");
    for (const auto& [key, c] : o.m_counts) m_counts[key] += c;
    m_journeys += o.m_journeys;
    m_successes += o.m_successes;
  }
  /// (from, to, count), sorted by (from, to).
  struct transition {
    std::uint32_t from, to;
    double count;
  };
  [[nodiscard]] std::vector<transition> transitions() const {
    std::vector<transition> out;
    out.reserve(m_counts.size());
    const std::uint64_t width = transient_states() + 2;
    for (const auto& [key, c] : m_counts)
      out.push_back({static_cast<std::uint32_t>(key / width), static_cast<std::uint32_t>(key % width), c});
    std::sort(out.begin(), out.end(),
              [](const transition& a, const transition& b) { return std::pair(a.from, a.to) < std::pair(b.from, b.to); });
    return out;
  }
  [[nodiscard]] std::size_t touchpoints() const noexcept { return m_touchpoints; }
  [[nodiscard]] double journeys() const noexcept { return m_journeys; }
  [[nodiscard]] double successes() const noexcept { return m_successes; }

 private:
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
  std::string removal_note;   ///< why the removal effect is 0 (never visited, outcome never reached); else empty
  std::string fix_note;       ///< why the fix uplift is 0 or undefined; else empty

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
[[nodiscard]] inline markov_result solve_markov(const markov_counts& counts) {
  using sparse = Eigen::SparseMatrix<double>;
  const std::uint32_t n = counts.transient_states();
  const std::uint32_t success = counts.success_state();
  const auto transitions = counts.transitions();
  std::vector<double> out_total(n, 0.0), into(n, 0.0);
  for (const auto& t : transitions) {
    out_total[t.from] += t.count;
    if (t.to < n) into[t.to] += t.count;
  }
  // Rows of Q (row-major lists) and b; a state is "exiting" if it reaches an outcome in one step.
  std::vector<std::vector<std::pair<std::uint32_t, double>>> q_rows(n);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  std::vector<char> reaches_exit(n, 0);
  for (const auto& t : transitions) {
    const double p = t.count / out_total[t.from];
    if (t.to < n) q_rows[t.from].emplace_back(t.to, p);
    else reaches_exit[t.from] = 1;
    if (t.to == success) b[t.from] += p;
  }
  // A state with no way out, or only into a loop without exit, is absorbed in failure (x = 0).
  std::vector<std::vector<std::uint32_t>> predecessors(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (out_total[i] == 0) reaches_exit[i] = 1;
    for (const auto& [j, p] : q_rows[i]) predecessors[j].push_back(i);
  }
  std::vector<std::uint32_t> stack;
  for (std::uint32_t i = 0; i < n; ++i)
    if (reaches_exit[i]) stack.push_back(i);
  while (!stack.empty()) {
    const std::uint32_t j = stack.back();
    stack.pop_back();
    for (const auto i : predecessors[j])
      if (!reaches_exit[i]) reaches_exit[i] = 1, stack.push_back(i);
  }
  markov_result r;
  for (std::uint32_t i = 0; i < n; ++i)
    if (!reaches_exit[i] || (out_total[i] == 0 && into[i] > 0)) {
      ++r.states_without_exit;
      q_rows[i].clear();
      b[i] = 0;
    }

  std::vector<Eigen::Triplet<double>> triplets;
  for (std::uint32_t i = 0; i < n; ++i) {
    triplets.emplace_back(i, i, 1.0);
    for (const auto& [j, p] : q_rows[i]) triplets.emplace_back(i, j, -p);
  }
  sparse a(n, n);
  a.setFromTriplets(triplets.begin(), triplets.end());
  a.makeCompressed();
  Eigen::SparseLU<sparse, Eigen::COLAMDOrdering<int>> lu;
  lu.compute(a);
  if (lu.info() != Eigen::Success) throw std::runtime_error("solve_markov: the chain's system is singular");
  const Eigen::VectorXd x = lu.solve(b);
  const std::uint32_t s = markov_counts::start_state();
  r.success_probability = x[s];
  r.journeys = counts.journeys();
  r.successes = counts.successes();

  // Columns of Q (into a state), for the fix what-if's rank-1 change.
  std::vector<std::vector<std::pair<std::uint32_t, double>>> q_cols(n);
  for (std::uint32_t i = 0; i < n; ++i)
    for (const auto& [j, p] : q_rows[i]) q_cols[j].emplace_back(i, p);
  auto row_dot = [&](std::uint32_t i, const Eigen::VectorXd& v) {
    double sum = 0;
    for (const auto& [j, p] : q_rows[i]) sum += p * v[j];
    return sum;
  };
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
  auto solve_unit = [&](std::uint32_t i) {
    rhs.setZero();
    rhs[i] = 1.0;
    return Eigen::VectorXd(lu.solve(rhs));
  };

  const std::size_t touchpoints = counts.touchpoints();
  r.effects.resize(touchpoints);
  double effect_sum = 0;
  for (std::uint32_t t = 0; t < touchpoints; ++t) {
    touchpoint_effect& e = r.effects[t];
    e.touchpoint = t;
    const std::uint32_t met = markov_counts::state({t, true}), unmet = markov_counts::state({t, false});
    if (into[met] + into[unmet] == 0) {
      e.fix_defined = true;  // nothing changes: removal and fix both leave P as it is
      e.removal_note = "never visited";
      continue;
    }
    // Removal: rows of met and unmet become x = 0 (A' = A + E_R Q_R, b_R = 0); Woodbury with the 2x2 M.
    const std::uint32_t rs[2] = {met, unmet};
    const Eigen::VectorXd c0 = solve_unit(met), c1 = solve_unit(unmet);
    const Eigen::VectorXd z = x - c0 * b[met] - c1 * b[unmet];
    Eigen::Matrix2d m = Eigen::Matrix2d::Identity();
    Eigen::Vector2d qz;
    for (int k = 0; k < 2; ++k) {
      m(k, 0) += row_dot(rs[k], c0);
      m(k, 1) += row_dot(rs[k], c1);
      qz[k] = row_dot(rs[k], z);
    }
    // M is nonsingular: removing states keeps every row of I - Q' able to reach an absorbing state.
    const double det = m(0, 0) * m(1, 1) - m(0, 1) * m(1, 0);
    const Eigen::Vector2d solved{(m(1, 1) * qz[0] - m(0, 1) * qz[1]) / det, (m(0, 0) * qz[1] - m(1, 0) * qz[0]) / det};
    const double p_without = z[s] - (c0[s] * solved[0] + c1[s] * solved[1]);
    if (r.success_probability > 0) {
      // Mathematically in [0, 1] (removing states only loses success paths); clamp the rounding.
      e.removal_effect = std::clamp(1.0 - p_without / r.success_probability, 0.0, 1.0);
    } else {
      e.removal_note = "the outcome is never reached";
    }
    effect_sum += e.removal_effect;

    // Fix: column unmet of Q moves into column met (A' = A + a d^T, a = -Q e_unmet, d = e_met - e_unmet).
    if (into[unmet] == 0) {
      e.fix_note = "never unmet: nothing to fix";
    } else if (out_total[met] == 0 || !reaches_exit[met]) {
      e.fix_defined = false;
      e.fix_note = "never met: no met visits to learn what a fix would do";
    } else {
      rhs.setZero();
      for (const auto& [i, p] : q_cols[unmet]) rhs[i] = -p;
      const Eigen::VectorXd w = lu.solve(rhs);
      const double denominator = 1.0 + w[met] - w[unmet];
      if (std::abs(denominator) < 1e-12) {
        e.fix_defined = false;
        e.fix_note = "the fix leaves a loop without a way out";
      } else {
        e.fix_uplift = -w[s] * (x[met] - x[unmet]) / denominator;
        e.fix_customers = e.fix_uplift * r.journeys;
      }
    }
  }
  for (auto& e : r.effects)
    e.credit = effect_sum > 0 ? e.removal_effect / effect_sum * r.successes : 0.0;
  return r;
}

/// The chain's degenerate cases, which its numbers alone cannot say, as (name, explanation) pairs: every
/// touchpoint with a note (in code order, named by `names`; fix notes only `with_fix`), then `__chain__`
/// when visited states had no way out. Empty when nothing is degenerate.
[[nodiscard]] inline std::vector<std::pair<std::string, std::string>> markov_notes(const markov_result& r,
                                                                                   const dictionary& names,
                                                                                   bool with_fix = true) {
  std::vector<std::pair<std::string, std::string>> notes;
  for (const auto& e : r.effects)
    if (const std::string note = with_fix ? e.note() : e.removal_note; !note.empty())
      notes.emplace_back(names[e.touchpoint], note);
  if (r.states_without_exit > 0)
    notes.emplace_back("__chain__", std::to_string(r.states_without_exit) +
                                        (r.states_without_exit == 1 ? " visited state" : " visited states") +
                                        " with no way out absorbed in failure");
  return notes;
}

/// The chain's counts from an event log: each customer's journey in time order, a step met unless its gap
/// is < 0, and the customer's outcome (`outcome[c]`: 1 success, 0 failure, anything else = no outcome,
/// skipped).
[[nodiscard]] inline markov_counts count_journeys(const event_log& log, const journey_order& order,
                                                  std::span<const std::int8_t> outcome) {
  markov_counts counts(log.touchpoints.size());
  std::vector<markov_step> path;
  for (std::size_t c = 0; c < order.customers(); ++c) {
    if (outcome[c] != 0 && outcome[c] != 1) continue;
    path.clear();
    for (const auto i : order.journey(c)) path.push_back({log.touchpoint[i], !(log.gap_at(i) < 0)});
    counts.add_path(path, outcome[c], 1 - outcome[c]);
  }
  return counts;
}

}  // namespace cxscore
