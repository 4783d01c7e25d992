// The mergeable part of a scoring run: merging adds the sums, and summaries that cannot belong to the same
// run (another shape, another model) are refused instead of merged.
#include "cxscore/score_summaries.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace {

cxscore::score_summaries with_groups(std::size_t touchpoints, std::size_t segments, double lambda = 2.25) {
  cxscore::score_summaries s;
  s.touchpoints.resize(touchpoints);
  s.segments.resize(segments);
  s.lambda = lambda;
  return s;
}

TEST(score_summaries_test, merge_adds_every_sum) {
  auto a = with_groups(2, 1);
  auto b = with_groups(2, 1);
  a.touchpoints[1].add(1.0, -0.5, -1.0, 0.5);
  b.touchpoints[1].add(3.0, 0.25, 0.5, 1.0);
  b.segments[0].add(3.0, 0.25, 0.5, 1.0);
  a.brand = {.customers = 1, .events = 1, .customer_weight = 1, .journey_score_sum = -0.5, .score_sum = -0.5};
  b.brand = {.customers = 1, .events = 1, .customer_weight = 3, .journey_score_sum = 1.5, .score_sum = 1.5};
  a.merge(b);
  EXPECT_EQ(a.touchpoints[1].count, 2u);
  EXPECT_DOUBLE_EQ(a.touchpoints[1].gap_sum, -0.5 + 0.75);
  EXPECT_DOUBLE_EQ(a.touchpoints[1].contribution_sum, -0.5 + 1.5);
  EXPECT_EQ(a.segments[0].count, 1u);
  EXPECT_EQ(a.brand.customers, 2u);
  // Brand score (-0.5 + 1.5) / (1 + 3).
  EXPECT_DOUBLE_EQ(cxscore::result_of(a).brand_score(), 0.25);
}

TEST(score_summaries_test, summaries_of_another_shape_or_model_are_refused) {
  auto a = with_groups(3, 2);
  EXPECT_THROW(a.merge(with_groups(4, 2)), cxscore::input_error);
  EXPECT_THROW(a.merge(with_groups(3, 1)), cxscore::input_error);
  EXPECT_THROW(a.merge(with_groups(3, 2, 1.0)), cxscore::input_error);
  try {
    a.merge(with_groups(4, 2));
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().column, "touchpoints");
    EXPECT_EQ(e.where().value, "4");
  }
  EXPECT_EQ(a.touchpoints.size(), 3u);  // a refused merge changes nothing
}

TEST(score_summaries_test, recoded_segments_land_on_their_new_codes_and_merge_where_they_meet) {
  auto s = with_groups(1, 3);
  s.segments[0].add(1.0, 0.1, 0.1, 1.0);
  s.segments[1].add(2.0, -0.2, -0.45, 1.0);
  s.segments[2].add(4.0, 0.3, 0.3, 1.0);
  const std::vector<std::uint32_t> new_code{0, 3, 0};
  const auto r = s.with_segment_codes(new_code, 4);
  ASSERT_EQ(r.segments.size(), 4u);
  EXPECT_EQ(r.segments[0].count, 2u);
  EXPECT_DOUBLE_EQ(r.segments[0].weight, 5.0);
  EXPECT_EQ(r.segments[1].count, 0u);
  EXPECT_DOUBLE_EQ(r.segments[3].gap_sum, -0.4);
  const std::vector<std::uint32_t> out_of_range{0, 4, 0};
  EXPECT_THROW((void)s.with_segment_codes(out_of_range, 4), cxscore::input_error);
  EXPECT_THROW((void)s.with_segment_codes(std::vector<std::uint32_t>{0}, 4), cxscore::input_error);
}

}  // namespace
