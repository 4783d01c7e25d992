// Time-window sums as bytes: a round trip gives the same bits, the sums of customer parts decoded and merged
// give the one-pass series (counts exactly, scores to 1e-12, the q-values and flags computed once from them),
// the windows of parts with different time ranges line up, and every malformed buffer is refused with an
// input_error naming the field, before allocating.
#include "cxscore/io/window_bytes.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "cxscore/sim/simulate.hpp"
#include "cxscore/summary_bytes.hpp"
#include "support/customer_parts.hpp"
#include "support/summary_bytes_checks.hpp"

namespace {

using cxscore::period;

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

void expect_close(double got, double want) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got));
    return;
  }
  EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::abs(want)));
}

cxscore::window_sums example() {
  cxscore::window_sums s{.period = period::week, .groups = 2, .first = -3, .last = 5, .cells = {}};
  cxscore::window_summary a, b;
  a.add(1.0, -0.25, -0.6);
  a.add(2.0, 0.1, 1.0 / 3);
  b.add(0.5, -1.0, -2.25);
  s.cells = {{.group = 0, .number = -3, .sums = a},
             {.group = 0, .number = 5, .sums = b},
             {.group = 1, .number = 0, .sums = a}};
  return s;
}

void expect_refused(const std::string& bytes, const std::string& column) {
  cxscore_test::expect_refused_by(cxscore::window_sums_from_bytes, bytes, column);
}

using cxscore_test::with_field;

constexpr std::size_t field = 8;  // one fixed-width field's bytes

TEST(window_bytes_test, round_trip_gives_the_same_bits) {
  const cxscore::window_sums s = example();
  const std::string bytes = cxscore::to_bytes(s);
  EXPECT_EQ(bytes.size(), 16u + field * 5 + field * 13 * 3);  // header, 5 fixed fields, 3 cells of 13
  EXPECT_EQ(static_cast<unsigned char>(bytes[6]), static_cast<unsigned>(cxscore::summary_kind::windows));
  EXPECT_EQ(static_cast<unsigned char>(bytes[16 + 16]), 0xFD);  // first = -3, two's complement, low byte first
  EXPECT_EQ(static_cast<unsigned char>(bytes[16 + 23]), 0xFF);
  const cxscore::window_sums back = cxscore::window_sums_from_bytes(bytes);
  EXPECT_EQ(back.period, s.period);
  EXPECT_EQ(back.groups, s.groups);
  EXPECT_EQ(back.first, -3);
  EXPECT_EQ(back.last, 5);
  ASSERT_EQ(back.cells.size(), 3u);
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(back.cells[k].group, s.cells[k].group);
    EXPECT_EQ(back.cells[k].number, s.cells[k].number);
    EXPECT_EQ(back.cells[k].sums.count, s.cells[k].sums.count);
    EXPECT_EQ(bits(back.cells[k].sums.weight_sq), bits(s.cells[k].sums.weight_sq));
    EXPECT_EQ(bits(back.cells[k].sums.mean), bits(s.cells[k].sums.mean));
    EXPECT_EQ(bits(back.cells[k].sums.deviation_sq), bits(s.cells[k].sums.deviation_sq));
    EXPECT_EQ(bits(back.cells[k].sums.value_total.lo), bits(s.cells[k].sums.value_total.lo));
    EXPECT_EQ(bits(back.cells[k].sums.unmet_weight), bits(s.cells[k].sums.unmet_weight));
  }
  EXPECT_EQ(cxscore::to_bytes(back), bytes);
  EXPECT_EQ(cxscore::to_bytes(cxscore::window_sums_from_bytes(cxscore::to_bytes(cxscore::window_sums{}))),
            cxscore::to_bytes(cxscore::window_sums{}));  // no events
}

TEST(window_bytes_test, customer_parts_merged_give_the_one_pass_series) {
  const auto brand = cxscore::simulate({.customers = 1500, .seed = 12});
  cxscore::customer_table customers(brand.events.customers.size());
  for (std::uint32_t c = 0; c < customers.size(); ++c) customers.set(c, 0.5 + (c % 4), "all");
  const auto owners = brand.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  for (const period per : {period::day, period::week, period::month})
    for (const cxscore::journey_map::grouping* grouping :
         {static_cast<const cxscore::journey_map::grouping*>(nullptr), &owners}) {
      const cxscore::monitor_options options{
          .period = per, .fdr = 0.2, .min_effect = 0.5, .customers = &customers, .grouping = grouping};
      const auto one = cxscore::monitor(brand.events.view(), brand.map, brand.model, options);
      ASSERT_GT(one.rows.size(), 3u);
      std::vector<std::string> sent;
      for (std::uint32_t part = 0; part < 7; ++part) {
        const auto piece = cxscore_test::customer_part(brand.events, part, 7);
        sent.push_back(cxscore::to_bytes(cxscore::sum_windows(piece.view(), brand.map, brand.model, options)));
      }
      auto merged = cxscore::window_sums_from_bytes(sent[0]);
      for (std::size_t k = 1; k < sent.size(); ++k) merged.merge(cxscore::window_sums_from_bytes(sent[k]));
      const auto got = cxscore::monitor_of(merged, brand.model, options);
      ASSERT_EQ(got.groups, one.groups);
      ASSERT_EQ(got.rows.size(), one.rows.size());
      for (std::size_t k = 0; k < got.rows.size(); ++k) {
        const auto &g = got.rows[k], &w = one.rows[k];
        EXPECT_EQ(g.group, w.group);
        EXPECT_EQ(g.window.label, w.window.label);
        EXPECT_EQ(g.summary.count, w.summary.count);
        expect_close(g.score, w.score);
        expect_close(g.standard_error, w.standard_error);
        expect_close(g.index_change, w.index_change);
        expect_close(g.p_value, w.p_value);
        expect_close(g.q_value, w.q_value);
        EXPECT_EQ(g.flagged, w.flagged);
      }
    }
}

TEST(window_bytes_test, equal_values_have_no_spread_in_any_order_or_merging) {
  // 0.1 and weights of no short binary form: Σ a v² − (Σ a v)² / Σ a would leave rounding noise here.
  cxscore::window_summary one_pass, left, right;
  const double weights[] = {0.3, 1.7, 2.9, 0.1, 5.3};
  for (std::size_t k = 0; k < 5; ++k) {
    one_pass.add(weights[k], 0.0, 0.1);
    (k < 2 ? left : right).add(weights[k], 0.0, 0.1);
  }
  right.merge(left);
  EXPECT_EQ(one_pass.standard_error(), 0.0);
  EXPECT_EQ(right.standard_error(), 0.0);
  EXPECT_EQ(right.mean, 0.1);
  EXPECT_EQ(bits(right.score()), bits(one_pass.score()));  // the compensated totals: the same bits in any order
  // Two values by hand: a = 1, 3 at v = 0, 1: mean 3/4, Σ a (v − mean)² = 9/16 + 3/16 = 3/4.
  cxscore::window_summary a, b;
  a.add(1.0, 0.0, 0.0);
  b.add(3.0, 0.0, 1.0);
  a.merge(b);
  EXPECT_DOUBLE_EQ(a.mean, 0.75);
  EXPECT_DOUBLE_EQ(a.deviation_sq, 0.75);
}

TEST(window_bytes_test, windows_of_parts_with_different_ranges_line_up) {
  // Part a: windows 10 and 12 of group 0; part b: windows 11 (group 0) and 3 (group 1). By hand: the union.
  cxscore::window_summary one;
  one.add(1.0, 0.0, 0.5);
  cxscore::window_sums a{.period = period::day, .groups = 2, .first = 10, .last = 12, .cells = {}};
  a.cells = {{.group = 0, .number = 10, .sums = one}, {.group = 0, .number = 12, .sums = one}};
  cxscore::window_sums b{.period = period::day, .groups = 2, .first = 3, .last = 11, .cells = {}};
  b.cells = {{.group = 0, .number = 10, .sums = one},
             {.group = 0, .number = 11, .sums = one},
             {.group = 1, .number = 3, .sums = one}};
  a.merge(b);
  EXPECT_EQ(a.first, 3);
  EXPECT_EQ(a.last, 12);
  ASSERT_EQ(a.cells.size(), 4u);
  EXPECT_EQ(a.cells[0].number, 10);
  EXPECT_EQ(a.cells[0].sums.count, 2u);
  EXPECT_EQ(a.cells[1].number, 11);
  EXPECT_EQ(a.cells[2].number, 12);
  EXPECT_EQ(a.cells[3].group, 1u);
  EXPECT_EQ(a.cells[3].number, 3);
  cxscore::window_sums weekly = b;
  weekly.period = period::week;
  EXPECT_THROW(a.merge(weekly), cxscore::input_error);
  cxscore::window_sums more = b;
  more.groups = 3;
  EXPECT_THROW(a.merge(more), cxscore::input_error);
}

TEST(window_bytes_test, parts_each_narrow_enough_refused_as_one_pass_when_together_too_wide) {
  cxscore::window_summary one;
  one.add(1.0, 0.0, 0.5);
  cxscore::window_sums a{
      .period = period::day, .groups = 1, .first = 0, .last = 0, .cells = {{.group = 0, .number = 0, .sums = one}}};
  const cxscore::window_sums b{.period = period::day,
                               .groups = 1,
                               .first = 1'000'000,
                               .last = 1'000'000,
                               .cells = {{.group = 0, .number = 1'000'000, .sums = one}}};
  a.merge(b);
  try {
    (void)cxscore::monitor_of(a, cxscore::model::prospect(), {.period = period::day, .source = "events.csv"});
    ADD_FAILURE() << "a span of 10^6 + 1 days was accepted";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "events.csv");
    EXPECT_EQ(e.where().value, "1000001 days");
  }
}

TEST(window_bytes_test, a_wrong_header_or_size_is_refused) {
  const std::string bytes = cxscore::to_bytes(example());
  cxscore_test::expect_header_refusals(cxscore::window_sums_from_bytes, bytes, cxscore::summary_kind::service);
  expect_refused(bytes.substr(0, 16 + field * 4), "size");
  expect_refused(bytes + std::string(104, '\0'), "size");
  expect_refused(with_field(bytes, field * 4, ~std::uint64_t{0}), "size");  // a forged cell count near 2^64
  expect_refused(with_field(bytes, field * 4, 2), "size");
}

TEST(window_bytes_test, sums_no_summing_gives_are_refused) {
  const std::string bytes = cxscore::to_bytes(example());
  constexpr std::size_t cell = field * 5, next = cell + 104;
  expect_refused(with_field(bytes, 0, 3), "period");
  expect_refused(with_field(bytes, cell, 2), "cells");       // group 2 of 2
  expect_refused(with_field(bytes, cell + 8, 6), "cells");   // window 6 beyond last = 5
  expect_refused(with_field(bytes, cell + 16, 0), "cells");  // no encounters
  expect_refused(with_field(bytes, next + 8, std::bit_cast<std::uint64_t>(std::int64_t{-3})), "cells");  // twice
  expect_refused(with_field(bytes, next, 1), "cells");  // (1, 5) before (1, 0): out of order
}

}  // namespace
