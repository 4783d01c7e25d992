// Mergeable summaries of encounters in one group.
#include "cxscore/group_summary.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

struct encounter {
  double psi, g, v, share;
};

// Relative closeness for sums accumulated in different orders.
void expect_rel(double got, double want, double tol = 1e-15) {
  EXPECT_LE(std::abs(got - want), tol * std::max(1.0, std::abs(want))) << got << " vs " << want;
}

void expect_same(const cxscore::group_summary& a, const cxscore::group_summary& b, double tol = 1e-15) {
  EXPECT_EQ(a.count, b.count);
  expect_rel(a.weight, b.weight, tol);
  expect_rel(a.gap_sum, b.gap_sum, tol);
  expect_rel(a.value_sum, b.value_sum, tol);
  expect_rel(a.unmet_weight, b.unmet_weight, tol);
  expect_rel(a.contribution_sum, b.contribution_sum, tol);
  expect_rel(a.impact_sum, b.impact_sum, tol);
}

TEST(group_summary_test, add_accumulates_the_documented_sums) {
  cxscore::group_summary s;
  s.add(1.0, -0.25, -0.6, 0.5);  // unmet
  s.add(3.0, 0.5, 0.5, 0.25);    // exceeded
  s.add(2.0, 0.0, 0.0, 1.0);     // exactly met: not unmet
  EXPECT_EQ(s.count, 3u);
  EXPECT_DOUBLE_EQ(s.weight, 6.0);
  // gap: 1(-0.25) + 3(0.5) + 2(0) = 1.25; value: -0.6 + 1.5 + 0 = 0.9
  EXPECT_DOUBLE_EQ(s.gap_sum, 1.25);
  EXPECT_DOUBLE_EQ(s.value_sum, 0.9);
  EXPECT_DOUBLE_EQ(s.unmet_weight, 1.0);
  // contribution: 1*0.5*(-0.6) + 3*0.25*0.5 + 2*1*0 = -0.3 + 0.375 = 0.075
  EXPECT_DOUBLE_EQ(s.contribution_sum, 0.075);
  // impact: only the loss, -0.3
  EXPECT_DOUBLE_EQ(s.impact_sum, -0.3);
  EXPECT_DOUBLE_EQ(s.mean_gap(), 1.25 / 6);
  EXPECT_DOUBLE_EQ(s.mean_value(), 0.9 / 6);
  EXPECT_DOUBLE_EQ(s.unmet_share(), 1.0 / 6);
  // Over a total customer weight of 10.
  EXPECT_DOUBLE_EQ(s.contribution(10.0), 0.0075);
  EXPECT_DOUBLE_EQ(s.impact(10.0), -0.03);
}

TEST(group_summary_test, impact_equals_contribution_when_every_value_is_a_loss) {
  cxscore::group_summary s;
  s.add(1.0, -0.1, -0.3, 0.2);
  s.add(2.0, -0.4, -0.9, 0.7);
  EXPECT_DOUBLE_EQ(s.impact(3.0), s.contribution(3.0));
  EXPECT_DOUBLE_EQ(s.unmet_share(), 1.0);
  EXPECT_LT(s.impact(3.0), 0.0);
}

TEST(group_summary_test, impact_is_zero_when_every_value_is_a_gain) {
  cxscore::group_summary s;
  s.add(1.0, 0.1, 0.2, 0.2);
  s.add(2.0, 0.4, 0.5, 0.7);
  EXPECT_EQ(s.impact(3.0), 0.0);
  EXPECT_EQ(s.unmet_share(), 0.0);
  EXPECT_GT(s.contribution(3.0), 0.0);
}

TEST(group_summary_test, empty_summary_merges_as_identity) {
  cxscore::group_summary a;
  a.add(2.0, -0.5, -1.2, 0.3);
  const auto before = a;
  a.merge(cxscore::group_summary{});
  expect_same(a, before, 0.0);
  cxscore::group_summary e;
  e.merge(before);
  expect_same(e, before, 0.0);
}

TEST(group_summary_test, merge_of_two_halves_equals_one_pass) {
  // 200 encounters with irregular (but deterministic) values: a linear congruential sequence.
  std::vector<encounter> enc;
  std::uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;  // [0, 1)
  };
  for (int i = 0; i < 200; ++i) {
    const double g = 2 * next() - 1;
    const double v = g >= 0 ? std::pow(g, 0.88) : -2.25 * std::pow(-g, 0.88);
    enc.push_back({0.5 + 3 * next(), g, v, next()});
  }
  cxscore::group_summary one, first, second;
  for (const auto& e : enc) one.add(e.psi, e.g, e.v, e.share);
  for (std::size_t i = 0; i < 100; ++i) first.add(enc[i].psi, enc[i].g, enc[i].v, enc[i].share);
  for (std::size_t i = 100; i < 200; ++i) second.add(enc[i].psi, enc[i].g, enc[i].v, enc[i].share);
  first.merge(second);
  // The same terms summed in another order: agree to rounding (relative to max(1, |sum|)).
  expect_same(first, one, 1e-15);
  expect_rel(first.mean_gap(), one.mean_gap(), 1e-15);
  expect_rel(first.contribution(7.0), one.contribution(7.0), 1e-15);
}

TEST(group_summary_test, merge_is_exact_when_sums_are_exact) {
  // Dyadic values: every partial sum is exactly representable, so any order gives the same bits.
  cxscore::group_summary one, a, b;
  const std::vector<encounter> enc{
      {1, -0.25, -0.5, 0.5}, {2, 0.5, 0.75, 0.25}, {0.5, -0.125, -0.25, 1}, {4, 0.0625, 0.125, 0.125}};
  for (const auto& e : enc) one.add(e.psi, e.g, e.v, e.share);
  a.add(enc[0].psi, enc[0].g, enc[0].v, enc[0].share);
  a.add(enc[1].psi, enc[1].g, enc[1].v, enc[1].share);
  b.add(enc[2].psi, enc[2].g, enc[2].v, enc[2].share);
  b.add(enc[3].psi, enc[3].g, enc[3].v, enc[3].share);
  a.merge(b);
  expect_same(a, one, 0.0);
}

TEST(group_summary_test, roll_up_merges_touchpoints_into_their_groups) {
  std::vector<cxscore::group_summary> tp(4);
  tp[0].add(1, -0.5, -1.0, 0.5);
  tp[1].add(1, 0.25, 0.25, 0.5);
  tp[2].add(2, -0.25, -0.5, 1.0);
  tp[3].add(1, 0.5, 0.5, 1.0);
  // Touchpoints 0 and 2 belong to group 1, 1 and 3 to group 0; group 2 is empty.
  const std::vector<std::uint32_t> group_of{1, 0, 1, 0};
  const auto groups = cxscore::roll_up(tp, group_of, 3);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[1].count, 2u);
  EXPECT_DOUBLE_EQ(groups[1].weight, 3.0);
  EXPECT_DOUBLE_EQ(groups[1].gap_sum, -0.5 + 2 * -0.25);          // -1
  EXPECT_DOUBLE_EQ(groups[1].contribution_sum, -0.5 + 2 * -0.5);  // -1.5
  EXPECT_DOUBLE_EQ(groups[1].impact_sum, -1.5);
  EXPECT_DOUBLE_EQ(groups[1].unmet_weight, 3.0);
  EXPECT_EQ(groups[0].count, 2u);
  EXPECT_DOUBLE_EQ(groups[0].gap_sum, 0.75);
  EXPECT_DOUBLE_EQ(groups[0].contribution_sum, 0.125 + 0.5);
  EXPECT_EQ(groups[0].impact_sum, 0.0);
  EXPECT_EQ(groups[2].count, 0u);
  EXPECT_EQ(groups[2].weight, 0.0);
  // Rolling up loses nothing: the totals over groups equal the totals over touchpoints.
  double c_groups = 0, c_tp = 0;
  for (const auto& g : groups) c_groups += g.contribution_sum;
  for (const auto& t : tp) c_tp += t.contribution_sum;
  EXPECT_DOUBLE_EQ(c_groups, c_tp);
}

}  // namespace
