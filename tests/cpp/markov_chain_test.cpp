// The outcome Markov chain against hand-solved chains and against brute force: exact path enumeration on
// random acyclic chains and fixed-point iteration on random chains with loops, each scenario (removal,
// fix) applied to the transition matrix directly rather than through the library's low-rank updates.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "cxscore/journeys/markov_chain.hpp"

namespace {

using cxscore::markov_step;

struct path_case {
  std::vector<markov_step> steps;
  double successes, failures;
};

cxscore::markov_result solve_paths(std::size_t touchpoints, const std::vector<path_case>& paths) {
  cxscore::markov_counts counts(touchpoints);
  for (const auto& p : paths) counts.add_path(p.steps, p.successes, p.failures);
  return cxscore::solve_markov(counts);
}

void expect_finite(const cxscore::markov_result& r) {
  EXPECT_TRUE(std::isfinite(r.success_probability));
  for (const auto& e : r.effects) {
    EXPECT_TRUE(std::isfinite(e.removal_effect));
    EXPECT_TRUE(std::isfinite(e.credit));
    EXPECT_TRUE(std::isfinite(e.fix_uplift));
    EXPECT_TRUE(std::isfinite(e.fix_customers));
  }
}

TEST(markov_chain_test, hand_solved_three_paths) {
  // C1>C2>C3 converts once, C1 does not, C2>C3 does not.
  // start: C1 2/3, C2 1/3; C1: C2 1/2, null 1/2; C2: C3 1; C3: conv 1/2, null 1/2.
  // P = 2/3 * 1/2 * 1/2 + 1/3 * 1/2 = 1/3. Without C1: 1/3 * 1/2 = 1/6 -> 0.5; without C2 or C3: 0 -> 1.
  const auto r = solve_paths(3, {{{{0}, {1}, {2}}, 1, 0}, {{{0}}, 0, 1}, {{{1}, {2}}, 0, 1}});
  EXPECT_NEAR(r.success_probability, 1.0 / 3, 1e-15);
  EXPECT_NEAR(r.effects[0].removal_effect, 0.5, 1e-15);
  EXPECT_NEAR(r.effects[1].removal_effect, 1.0, 1e-15);
  EXPECT_NEAR(r.effects[2].removal_effect, 1.0, 1e-15);
  // Credit: removal-effect shares 0.5 : 1 : 1 of the one conversion.
  EXPECT_NEAR(r.effects[0].credit, 0.2, 1e-15);
  EXPECT_NEAR(r.effects[1].credit, 0.4, 1e-15);
  EXPECT_NEAR(r.effects[2].credit, 0.4, 1e-15);
  EXPECT_EQ(r.journeys, 3);
  EXPECT_EQ(r.successes, 1);
  // Everything was met: nothing to fix, an uplift of exactly 0.
  for (const auto& e : r.effects) {
    EXPECT_EQ(e.fix_uplift, 0.0);
    EXPECT_TRUE(e.fix_defined);
  }
}

TEST(markov_chain_test, fix_what_if_by_hand) {
  // A met -> retained (3 customers), A unmet -> B met -> lost (1), A unmet -> retained (1).
  // start: A_met 3/5, A_unmet 2/5; A_unmet: B 1/2, retained 1/2; B: lost.
  // P = 3/5 + 2/5 * 1/2 = 4/5. Fixing A sends the 2/5 into A_met (retained with 1): P = 1, uplift 1/5,
  // worth 1/5 * 5 journeys = 1 customer. Removing A: P = 0 -> 1; removing B: A_unmet -> B goes to failure
  // anyway -> 0.
  const auto r = solve_paths(2, {{{{0, true}}, 3, 0}, {{{0, false}, {1, true}}, 0, 1}, {{{0, false}}, 1, 0}});
  EXPECT_NEAR(r.success_probability, 0.8, 1e-15);
  EXPECT_NEAR(r.effects[0].fix_uplift, 0.2, 1e-15);
  EXPECT_NEAR(r.effects[0].fix_customers, 1.0, 1e-14);
  EXPECT_NEAR(r.effects[0].removal_effect, 1.0, 1e-15);
  EXPECT_NEAR(r.effects[1].removal_effect, 0.0, 1e-15);
  EXPECT_EQ(r.effects[1].fix_uplift, 0.0);  // B is never unmet
  EXPECT_FALSE(r.effects[1].note().empty());
}

TEST(markov_chain_test, fix_keeps_the_met_state_onward_behaviour_in_a_loop) {
  // A unmet loops back to itself once on average before leaving; A met goes to B.
  // Paths: [A-, A-, B] converting, [A+, B] converting, [A+] lost, [A-] lost.
  // Counts: start->A- 2, start->A+ 2, A-->A- 1, A-->B 1, A-->lost 1, A+->B 1, A+->lost 1, B->conv 2.
  // x_B = 1; x_A+ = 1/2; x_A- = 1/3 x_A- + 1/3 -> x_A- = 1/2; P = 1/2 x_A- + 1/2 x_A+ = 1/2.
  // Fix: into A- (start 1/2, A- self 1/3) goes to A+: P = x_A+ = 1/2 -> uplift 0.
  const auto r =
      solve_paths(2, {{{{0, false}, {0, false}, {1}}, 1, 0}, {{{0}, {1}}, 1, 0}, {{{0}}, 0, 1}, {{{0, false}}, 0, 1}});
  EXPECT_NEAR(r.success_probability, 0.5, 1e-15);
  EXPECT_NEAR(r.effects[0].fix_uplift, 0.0, 1e-15);
  // Removing B: x_A+ = 0, x_A- = 0 -> P = 0 -> removal effect 1.
  EXPECT_NEAR(r.effects[1].removal_effect, 1.0, 1e-15);
}

TEST(markov_chain_test, degenerate_chains_get_explicit_answers_not_nan) {
  // A touchpoint only ever unmet: no met visits to learn a fix from.
  const auto never_met = solve_paths(2, {{{{0, false}, {1}}, 1, 1}, {{{1}}, 1, 0}});
  expect_finite(never_met);
  EXPECT_FALSE(never_met.effects[0].fix_defined);
  EXPECT_NE(never_met.effects[0].note().find("never met"), std::string::npos);
  // The outcome never reached: P = 0, removal effects and credits 0, with a note.
  const auto never = solve_paths(2, {{{{0}, {1}}, 0, 4}});
  expect_finite(never);
  EXPECT_EQ(never.success_probability, 0.0);
  EXPECT_EQ(never.effects[0].removal_effect, 0.0);
  EXPECT_NE(never.effects[0].note().find("never reached"), std::string::npos);
  // A touchpoint never visited.
  const auto unseen = solve_paths(3, {{{{0}}, 1, 1}});
  EXPECT_EQ(unseen.effects[2].removal_effect, 0.0);
  EXPECT_NE(unseen.effects[2].note().find("never visited"), std::string::npos);
  // A state with no way out and a loop without exit (built from raw transitions): absorbed in failure.
  cxscore::markov_counts raw(3);
  const auto s = cxscore::markov_counts::start_state();
  const auto a = cxscore::markov_counts::state({0}), b = cxscore::markov_counts::state({1}),
             c = cxscore::markov_counts::state({2});
  raw.add_transition(s, a, 1);  // a: dead end
  raw.add_transition(s, b, 1);  // b <-> c: a loop without exit
  raw.add_transition(b, c, 1);
  raw.add_transition(c, b, 1);
  raw.add_transition(s, raw.success_state(), 2);
  const auto r = cxscore::solve_markov(raw);
  expect_finite(r);
  EXPECT_NEAR(r.success_probability, 0.5, 1e-15);
  EXPECT_EQ(r.states_without_exit, 3u);
}

TEST(markov_chain_test, merge_equals_one_pass) {
  const std::vector<path_case> paths{{{{0}, {1, false}}, 2, 1}, {{{1}, {0}}, 0, 3}, {{{1, false}}, 1, 1}};
  cxscore::markov_counts all(2), first(2), second(2);
  for (std::size_t k = 0; k < paths.size(); ++k) {
    all.add_path(paths[k].steps, paths[k].successes, paths[k].failures);
    (k == 0 ? first : second).add_path(paths[k].steps, paths[k].successes, paths[k].failures);
  }
  first.merge(second);
  const auto a = cxscore::solve_markov(all), b = cxscore::solve_markov(first);
  EXPECT_EQ(a.success_probability, b.success_probability);
  for (std::size_t t = 0; t < 2; ++t) {
    EXPECT_EQ(a.effects[t].removal_effect, b.effects[t].removal_effect);
    EXPECT_EQ(a.effects[t].fix_uplift, b.effects[t].fix_uplift);
  }
}

// ---- brute force ----------------------------------------------------------------------------------------

// Dense transition probabilities over transient states plus success (n) and failure (n + 1).
using dense = std::vector<std::vector<double>>;

dense dense_chain(const cxscore::markov_counts& counts) {
  const std::size_t n = counts.transient_states();
  dense p(n, std::vector<double>(n + 2, 0.0));
  for (const auto& t : counts.transitions()) p[t.from][t.to] += t.count;
  for (auto& row : p) {
    double total = 0;
    for (double c : row) total += c;
    if (total == 0)
      row[n + 1] = 1;  // no way out: failure
    else
      for (double& c : row) c /= total;
  }
  return p;
}

dense removed(dense p, std::uint32_t t) {
  const std::size_t n = p.size();
  for (auto& row : p)
    for (auto state : {cxscore::markov_counts::state({t, true}), cxscore::markov_counts::state({t, false})}) {
      row[n + 1] += row[state];
      row[state] = 0;
    }
  return p;
}

dense fixed(dense p, std::uint32_t t) {
  const auto met = cxscore::markov_counts::state({t, true}), unmet = cxscore::markov_counts::state({t, false});
  for (auto& row : p) {
    row[met] += row[unmet];
    row[unmet] = 0;
  }
  return p;
}

// Sum over every path from start of the product of its probabilities (acyclic chains only).
double enumerate(const dense& p, std::size_t state, double mass) {
  const std::size_t n = p.size();
  double total = mass * p[state][n];
  for (std::size_t j = 0; j < n; ++j)
    if (p[state][j] > 0) total += enumerate(p, j, mass * p[state][j]);
  return total;
}

// x <- Q x + b until it no longer changes (chains with loops).
double iterate(const dense& p) {
  const std::size_t n = p.size();
  std::vector<double> x(n, 0.0), next(n);
  for (int k = 0; k < 100000; ++k) {
    double change = 0;
    for (std::size_t i = 0; i < n; ++i) {
      next[i] = p[i][n];
      for (std::size_t j = 0; j < n; ++j) next[i] += p[i][j] * x[j];
      change = std::max(change, std::abs(next[i] - x[i]));
    }
    x.swap(next);
    if (change < 1e-16) break;
  }
  return x[0];
}

void check_against(const cxscore::markov_counts& counts, const std::function<double(const dense&)>& brute) {
  const auto r = cxscore::solve_markov(counts);
  const dense p = dense_chain(counts);
  const double base = brute(p);
  EXPECT_NEAR(r.success_probability, base, 1e-12);
  for (std::uint32_t t = 0; t < counts.touchpoints(); ++t) {
    const auto& e = r.effects[t];
    const double without = brute(removed(p, t));
    if (base > 0) {
      EXPECT_NEAR(e.removal_effect, 1 - without / base, 1e-10) << "touchpoint " << t;
    }
    if (e.fix_defined) {
      EXPECT_NEAR(e.fix_uplift, brute(fixed(p, t)) - base, 1e-10) << "touchpoint " << t;
      EXPECT_NEAR(e.fix_customers, e.fix_uplift * counts.journeys(), 1e-9);
    }
  }
}

TEST(markov_chain_test, equals_path_enumeration_on_random_acyclic_chains) {
  std::mt19937_64 rng(20260301);
  for (int trial = 0; trial < 40; ++trial) {
    const std::uint32_t touchpoints = 2 + static_cast<std::uint32_t>(rng() % 4);
    cxscore::markov_counts counts(touchpoints);
    for (int k = 0; k < 12; ++k) {
      std::vector<markov_step> path;
      for (std::uint32_t t = 0; t < touchpoints; ++t)  // increasing codes: no loops
        if (rng() % 2) path.push_back({t, rng() % 3 != 0});
      counts.add_path(path, static_cast<double>(rng() % 3), static_cast<double>(rng() % 3));
    }
    check_against(counts, [](const dense& p) { return enumerate(p, 0, 1.0); });
  }
}

TEST(markov_chain_test, equals_fixed_point_iteration_on_random_chains_with_loops) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 40; ++trial) {
    const std::uint32_t touchpoints = 2 + static_cast<std::uint32_t>(rng() % 5);
    cxscore::markov_counts counts(touchpoints);
    for (int k = 0; k < 15; ++k) {
      std::vector<markov_step> path(1 + rng() % 6);
      for (auto& s : path) s = {static_cast<std::uint32_t>(rng() % touchpoints), rng() % 3 != 0};
      counts.add_path(path, static_cast<double>(rng() % 4), static_cast<double>(rng() % 4));
    }
    check_against(counts, iterate);
  }
}

TEST(markov_chain_test, refuses_negative_counts_and_unknown_touchpoints) {
  cxscore::markov_counts counts(1);
  const markov_step ok[] = {{0}}, bad[] = {{1}};
  EXPECT_THROW(counts.add_path(ok, -1, 0), std::invalid_argument);
  EXPECT_THROW(counts.add_path(bad, 1, 0), std::out_of_range);
  EXPECT_THROW(counts.add_transition(0, 1, std::nan("")), std::invalid_argument);
  EXPECT_THROW(counts.add_transition(counts.success_state(), 1, 1), std::out_of_range);
  counts.add_transition(0, 1, 0);  // a zero count adds nothing: no 0/0 probability
  EXPECT_TRUE(counts.transitions().empty());
}

}  // namespace
