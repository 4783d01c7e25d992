// ChannelAttribution's path format: parsing, and the hand-solved chain of the issue through it.
#include <gtest/gtest.h>

#include "cxscore/error.hpp"
#include "cxscore/paths_csv.hpp"
#include "support/journey_logs.hpp"

namespace {

TEST(paths_csv_test, reads_paths_and_solves_the_hand_chain) {
  // C1>C2>C3 converts once, C1 not, C2>C3 not: P = 1/3; removal effects 0.5, 1, 1; credits 0.2, 0.4, 0.4.
  const auto paths = cxscore::parse_paths_csv(
      "path,total_conversions,total_conversion_value,total_null\n"
      "C1 > C2 > C3,1,10,0\n"
      "C1,0,0,1\n"
      "\" C2 >C3 \",0,0,1\n");
  EXPECT_EQ(paths.rows, 3u);
  ASSERT_EQ(paths.channels.size(), 3u);
  EXPECT_EQ(paths.channels[2], "C3");
  const auto r = cxscore::solve_markov(paths.counts);
  EXPECT_NEAR(r.success_probability, 1.0 / 3, 1e-15);
  EXPECT_NEAR(r.effects[0].removal_effect, 0.5, 1e-15);
  EXPECT_NEAR(r.effects[1].removal_effect, 1, 1e-15);
  EXPECT_NEAR(r.effects[2].credit, 0.4, 1e-15);
}

TEST(paths_csv_test, repeated_channels_do_not_change_removal_effects) {
  // ChannelAttribution collapses "a > a > b" to "a > b"; a self-loop leaves absorption probabilities as
  // they are, so both give the same numbers.
  const auto repeated = cxscore::solve_markov(cxscore::parse_paths_csv("path,total_conversions,total_null\na > a > b,2,1\nb > a,0,3\n").counts);
  const auto collapsed = cxscore::solve_markov(cxscore::parse_paths_csv("path,total_conversions,total_null\na > b,2,1\nb > a,0,3\n").counts);
  EXPECT_NEAR(repeated.success_probability, collapsed.success_probability, 1e-15);
  for (std::size_t t = 0; t < 2; ++t)
    EXPECT_NEAR(repeated.effects[t].removal_effect, collapsed.effects[t].removal_effect, 1e-15);
}

TEST(paths_csv_test, bad_input_names_row_column_and_value) {
  auto error_of = [](const std::string& text) {
    return cxscore_test::input_error_of([&] { (void)cxscore::parse_paths_csv(text, "p.csv"); });
  };
  auto e = error_of("path,total_conversions,total_null\na > b,-1,0\n");
  EXPECT_EQ(e.where().row, 2u);
  EXPECT_EQ(e.where().column, "total_conversions");
  EXPECT_EQ(e.where().value, "-1");
  e = error_of("path,total_conversions,total_null\na >  > b,1,0\n");
  EXPECT_EQ(e.where().column, "path");
  e = error_of("path,total_conversions,total_null\n,1,0\n");
  EXPECT_EQ(e.where().column, "path");
  e = error_of("path,total_null\na,1\n");
  EXPECT_EQ(e.where().column, "total_conversions");
  e = error_of("path,total_conversions,total_null\na,1,x\n");
  EXPECT_EQ(e.where().column, "total_null");
  e = error_of("path,total_conversions\n");
  EXPECT_EQ(e.where().file, "p.csv");
}

}  // namespace
