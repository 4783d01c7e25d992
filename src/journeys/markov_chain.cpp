#include "cxscore/journeys/markov_chain.hpp"

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cxscore {

namespace {

using sparse_matrix = Eigen::SparseMatrix<double>;
/// Entries of Q by row (to, probability) or by column (from, probability).
using sparse_lines = std::vector<std::vector<std::pair<std::uint32_t, double>>>;

/// The transient states as the system (I - Q) x = b, x_i the probability of absorption in success from
/// state i.
struct chain_system {
  std::vector<double> out_total;   ///< transitions out of each state
  std::vector<double> into;        ///< transitions into each state
  sparse_lines q_rows;             ///< Q by row
  Eigen::VectorXd b;               ///< the probability of success in one step
  std::vector<char> reaches_exit;  ///< some path reaches an outcome, or the state has no way out at all
};

/// Q and b from the counts, each state's transitions normalised by its total; a state is marked as
/// reaching an exit when it reaches an outcome in one step.
chain_system transition_probabilities(const markov_counts& counts) {
  const std::uint32_t n = counts.transient_states();
  const std::uint32_t success = counts.success_state();
  const auto transitions = counts.transitions();
  chain_system c{.out_total = std::vector<double>(n, 0.0),
                 .into = std::vector<double>(n, 0.0),
                 .q_rows = sparse_lines(n),
                 .b = Eigen::VectorXd::Zero(n),
                 .reaches_exit = std::vector<char>(n, 0)};
  for (const auto& t : transitions) {
    c.out_total[t.from] += t.count;
    if (t.to < n) c.into[t.to] += t.count;
  }
  for (const auto& t : transitions) {
    const double p = t.count / c.out_total[t.from];
    if (t.to < n)
      c.q_rows[t.from].emplace_back(t.to, p);
    else
      c.reaches_exit[t.from] = 1;
    if (t.to == success) c.b[t.from] += p;
  }
  return c;
}

/// Marks every state with a path to one already marked (or to a state without transitions), walking
/// the transitions backwards.
void mark_states_reaching_exit(chain_system& c) {
  const std::size_t n = c.q_rows.size();
  std::vector<std::vector<std::uint32_t>> predecessors(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    if (c.out_total[i] == 0) c.reaches_exit[i] = 1;
    for (const auto& [j, p] : c.q_rows[i]) predecessors[j].push_back(i);
  }
  std::vector<std::uint32_t> stack;
  for (std::uint32_t i = 0; i < n; ++i)
    if (c.reaches_exit[i]) stack.push_back(i);
  while (!stack.empty()) {
    const std::uint32_t j = stack.back();
    stack.pop_back();
    for (const auto i : predecessors[j])
      if (!c.reaches_exit[i]) c.reaches_exit[i] = 1, stack.push_back(i);
  }
}

/// A state with no way out, or only into a loop without exit, is absorbed in failure (x = 0): its row of
/// Q and its b are cleared, which keeps I - Q nonsingular. Returns how many visited states that was.
std::uint32_t absorb_trapped_states(chain_system& c) {
  std::uint32_t trapped = 0;
  for (std::size_t i = 0; i < c.q_rows.size(); ++i)
    if (!c.reaches_exit[i] || (c.out_total[i] == 0 && c.into[i] > 0)) {
      ++trapped;
      c.q_rows[i].clear();
      c.b[static_cast<Eigen::Index>(i)] = 0;
    }
  return trapped;
}

/// I - Q, factorised once, with the success probabilities x it gives. Every scenario is a rank-1 or
/// rank-2 change of I - Q, so it reuses this factorisation (Sherman-Morrison-Woodbury).
class factorised_chain {
 public:
  explicit factorised_chain(const chain_system& c) : m_chain(c) {
    const auto n = static_cast<std::uint32_t>(c.q_rows.size());
    std::vector<Eigen::Triplet<double>> triplets;
    for (std::uint32_t i = 0; i < n; ++i) {
      triplets.emplace_back(i, i, 1.0);
      for (const auto& [j, p] : c.q_rows[i]) triplets.emplace_back(i, j, -p);
    }
    sparse_matrix a(n, n);
    a.setFromTriplets(triplets.begin(), triplets.end());
    a.makeCompressed();
    m_lu.compute(a);
    if (m_lu.info() != Eigen::Success) throw std::runtime_error("solve_markov: the chain's system is singular");
    m_x = m_lu.solve(c.b);
    m_q_cols.resize(n);
    for (std::uint32_t i = 0; i < n; ++i)
      for (const auto& [j, p] : c.q_rows[i]) m_q_cols[j].emplace_back(i, p);
    m_rhs = Eigen::VectorXd::Zero(n);
  }

  /// x: the probability of success from each state.
  [[nodiscard]] const Eigen::VectorXd& success() const noexcept { return m_x; }

  /// The probability of success from `from` when the rows of `met` and `unmet` become x = 0 (A' = A +
  /// E_R Q_R, b_R = 0): Woodbury with the 2x2 M.
  [[nodiscard]] double probability_without(std::uint32_t met, std::uint32_t unmet, std::uint32_t from) {
    const std::uint32_t rs[2] = {met, unmet};
    const Eigen::VectorXd& b = m_chain.b;
    const Eigen::VectorXd c0 = solve_unit(met), c1 = solve_unit(unmet);
    const Eigen::VectorXd z = m_x - c0 * b[met] - c1 * b[unmet];
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
    return z[from] - (c0[from] * solved[0] + c1[from] * solved[1]);
  }

  /// w = (I - Q)^-1 a for a = -Q e_unmet, the column of Q that a fix moves from `unmet` to met.
  [[nodiscard]] Eigen::VectorXd solve_moved_column(std::uint32_t unmet) {
    m_rhs.setZero();
    for (const auto& [i, p] : m_q_cols[unmet]) m_rhs[i] = -p;
    return m_lu.solve(m_rhs);
  }

 private:
  [[nodiscard]] Eigen::VectorXd solve_unit(std::uint32_t i) {
    m_rhs.setZero();
    m_rhs[i] = 1.0;
    return Eigen::VectorXd(m_lu.solve(m_rhs));
  }
  /// Row i of Q times v.
  [[nodiscard]] double row_dot(std::uint32_t i, const Eigen::VectorXd& v) const {
    double sum = 0;
    for (const auto& [j, p] : m_chain.q_rows[i]) sum += p * v[j];
    return sum;
  }

  const chain_system& m_chain;
  Eigen::SparseLU<sparse_matrix, Eigen::COLAMDOrdering<int>> m_lu;
  Eigen::VectorXd m_x, m_rhs;
  sparse_lines m_q_cols;
};

/// Removal of a visited touchpoint: transitions into it go to failure instead.
void remove_touchpoint(factorised_chain& chain, double success_probability, std::uint32_t met, std::uint32_t unmet,
                       touchpoint_effect& e) {
  const double p_without = chain.probability_without(met, unmet, markov_counts::start_state());
  if (success_probability > 0) {
    // Mathematically in [0, 1] (removing states only loses success paths); clamp the rounding.
    e.removal_effect = std::clamp(1.0 - p_without / success_probability, 0.0, 1.0);
  } else {
    e.removal_note = "the outcome is never reached";
  }
}

/// The fix what-if of a visited touchpoint: column unmet of Q moves into column met (A' = A + a d^T,
/// a = -Q e_unmet, d = e_met - e_unmet), a rank-1 change.
void fix_touchpoint(factorised_chain& chain, const chain_system& c, double journeys, std::uint32_t met,
                    std::uint32_t unmet, touchpoint_effect& e) {
  if (c.into[unmet] == 0) {
    e.fix_note = "never unmet: nothing to fix";
    return;
  }
  if (c.out_total[met] == 0 || !c.reaches_exit[met]) {
    e.fix_defined = false;
    e.fix_note = "never met: no met visits to learn what a fix would do";
    return;
  }
  const Eigen::VectorXd w = chain.solve_moved_column(unmet);
  const double denominator = 1.0 + w[met] - w[unmet];
  if (std::abs(denominator) < 1e-12) {
    e.fix_defined = false;
    e.fix_note = "the fix leaves a loop without a way out";
    return;
  }
  const Eigen::VectorXd& x = chain.success();
  e.fix_uplift = -w[markov_counts::start_state()] * (x[met] - x[unmet]) / denominator;
  e.fix_customers = e.fix_uplift * journeys;
}

}  // namespace

markov_result solve_markov(const markov_counts& counts) {
  chain_system chain = transition_probabilities(counts);
  mark_states_reaching_exit(chain);
  markov_result r;
  r.states_without_exit = absorb_trapped_states(chain);
  factorised_chain solver(chain);
  r.success_probability = solver.success()[markov_counts::start_state()];
  r.journeys = counts.journeys();
  r.successes = counts.successes();

  r.effects.resize(counts.touchpoints());
  double effect_sum = 0;
  for (std::uint32_t t = 0; t < r.effects.size(); ++t) {
    touchpoint_effect& e = r.effects[t];
    e.touchpoint = t;
    const std::uint32_t met = markov_counts::state({t, true}), unmet = markov_counts::state({t, false});
    if (chain.into[met] + chain.into[unmet] == 0) {
      e.fix_defined = true;  // nothing changes: removal and fix both leave P as it is
      e.removal_note = "never visited";
      continue;
    }
    remove_touchpoint(solver, r.success_probability, met, unmet, e);
    effect_sum += e.removal_effect;
    fix_touchpoint(solver, chain, r.journeys, met, unmet, e);
  }
  for (auto& e : r.effects) e.credit = effect_sum > 0 ? e.removal_effect / effect_sum * r.successes : 0.0;
  return r;
}

std::vector<std::pair<std::string, std::string>> markov_notes(const markov_result& r, const dictionary& names,
                                                              bool with_fix) {
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

markov_counts count_journeys(const event_log& log, const journey_order& order, std::span<const std::int8_t> outcome) {
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
