// ChannelAttribution's path format: parsing, and the hand-solved chain of the issue through it.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/io/paths_csv.hpp"
#include "internal/csv_writer.hpp"
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
  const auto repeated = cxscore::solve_markov(
      cxscore::parse_paths_csv("path,total_conversions,total_null\na > a > b,2,1\nb > a,0,3\n").counts);
  const auto collapsed = cxscore::solve_markov(
      cxscore::parse_paths_csv("path,total_conversions,total_null\na > b,2,1\nb > a,0,3\n").counts);
  EXPECT_NEAR(repeated.success_probability, collapsed.success_probability, 1e-15);
  for (std::size_t t = 0; t < 2; ++t)
    EXPECT_NEAR(repeated.effects[t].removal_effect, collapsed.effects[t].removal_effect, 1e-15);
}

TEST(paths_csv_test, bad_input_names_row_column_and_value) {
  struct bad {
    std::string text;
    std::size_t row;
    std::string column, value;
  };
  const std::string header = "path,total_conversions,total_null\n";
  const std::vector<bad> cases{
      {header + "a > b,-1,0\n", 2, "total_conversions", "-1"},
      {header + "a >  > b,1,0\n", 2, "path", "a >  > b"},
      {header + "a > b,1,0\na > \t > b,1,0\n", 3, "path", "a > \t > b"},
      {header + ",1,0\n", 2, "path", ""},
      {header + "  ,1,0\n", 2, "path", "  "},
      {"path,total_null\na,1\n", 1, "total_conversions", ""},
      {header + "a,1,x\n", 2, "total_null", "x"},
      {header + "a > b,1,0\nb > c,1\n", 3, "", "2 fields"},
      {header + "a > b,1,0\nb > c,1,2,3,4\n", 3, "", "5 fields"},
      {"path,total_conversions\n", 0, "path", ""},
      {header + "a,nan,0\n", 2, "total_conversions", "nan"},
      // Each count is bounded, so that no file's counts add up to infinity in the chain.
      {header + "a,1e308,0\na,1e308,0\n", 2, "total_conversions", "1e308"},
      {header + "a,1e15,1000000000000001\n", 2, "total_null", "1000000000000001"},
      // Counts that are all 0 leave no journey, so no conversion probability exists.
      {header + "a > b,0,0\nb,0,0\n", 0, "total_conversions", "0"},
  };
  for (const auto& c : cases) {
    const auto e = cxscore_test::input_error_of([&] { (void)cxscore::parse_paths_csv(c.text, "p.csv"); });
    EXPECT_EQ(e.where().file, "p.csv") << c.text;
    EXPECT_EQ(e.where().row, c.row) << c.text;
    EXPECT_EQ(e.where().column, c.column) << c.text;
    EXPECT_EQ(e.where().value, c.value) << c.text;
  }
  // The largest counts are taken, as whole numbers and in exponent form.
  EXPECT_EQ(cxscore::parse_paths_csv(header + "a,1e15,0\nb,999999999999999,1e15\n").counts.journeys(),
            2e15 + 999999999999999);
  EXPECT_EQ(cxscore_test::input_error_of([&] { (void)cxscore::parse_paths_csv(header + "  ,1,0\n", "p.csv"); }).what(),
            std::string("p.csv, row 2, column 'path', value '  ': the path is empty"));
}

// The counts a plain reading of the rows gives: channels split on '>', trimmed, coded in order of first
// appearance, each path added whole (the reader under test tallies while splitting instead).
struct reference_rows {
  std::vector<std::string> channels;
  cxscore::markov_counts counts{0};
};
reference_rows reference(const std::vector<std::vector<std::string>>& paths, const std::vector<double>& conversions,
                         const std::vector<double>& nulls) {
  reference_rows r;
  std::vector<std::vector<std::uint32_t>> coded;
  for (const auto& path : paths) {
    coded.emplace_back();
    for (const auto& name : path) {
      auto it = std::find(r.channels.begin(), r.channels.end(), name);
      if (it == r.channels.end()) it = r.channels.insert(r.channels.end(), name);
      coded.back().push_back(static_cast<std::uint32_t>(it - r.channels.begin()));
    }
  }
  r.counts = cxscore::markov_counts(r.channels.size());
  for (std::size_t k = 0; k < paths.size(); ++k) {
    std::vector<cxscore::markov_step> steps;
    for (const auto c : coded[k]) steps.push_back({c});
    r.counts.add_path(steps, conversions[k], nulls[k]);
  }
  return r;
}

void expect_same(const cxscore::channel_paths& got, const reference_rows& want) {
  ASSERT_EQ(got.channels.size(), want.channels.size());
  for (std::size_t c = 0; c < want.channels.size(); ++c)
    EXPECT_EQ(got.channels[static_cast<std::uint32_t>(c)], want.channels[c]);
  const auto a = got.counts.transitions(), b = want.counts.transitions();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].from, b[k].from);
    EXPECT_EQ(a[k].to, b[k].to);
    EXPECT_EQ(a[k].count, b[k].count);
  }
  EXPECT_EQ(got.counts.journeys(), want.counts.journeys());
  EXPECT_EQ(got.counts.successes(), want.counts.successes());
}

TEST(paths_csv_test, random_files_give_the_counts_of_a_plain_reading_whatever_their_layout) {
  // Names short and long (past 8 bytes, sharing their first 8), paths of 1-12 steps, counts whole and
  // fractional; written plain, with CRLF, without a final newline, with the path in another column, and
  // fully quoted (the general reader): every form gives the reference counts, channel order included.
  std::mt19937_64 rng(5);
  const std::vector<std::string> names{"a",
                                       "eta",
                                       "iota",
                                       "alpha",
                                       "display",
                                       "paid search",
                                       "paid search brand",
                                       "paid search generic",
                                       "x1234567",
                                       "x12345678",
                                       "\xc3\xa9mail"};
  for (int round = 0; round < 20; ++round) {
    std::vector<std::vector<std::string>> paths;
    std::vector<double> conversions, nulls;
    const int rows = 1 + static_cast<int>(rng() % 300);
    for (int r = 0; r < rows; ++r) {
      paths.emplace_back();
      for (int k = 0, n = 1 + static_cast<int>(rng() % 12); k < n; ++k)
        paths.back().push_back(names[rng() % names.size()]);
      conversions.push_back(rng() % 5 == 0 ? 0.25 * static_cast<double>(rng() % 9) : static_cast<double>(rng() % 4));
      nulls.push_back(static_cast<double>(rng() % 20));
    }
    const reference_rows want = reference(paths, conversions, nulls);
    auto joined = [&](std::size_t r, const char* sep) {
      std::string s;
      for (std::size_t k = 0; k < paths[r].size(); ++k) s += (k ? sep : "") + paths[r][k];
      return s;
    };
    auto number = [](double x) { return cxscore::detail::number_text(x); };
    std::string plain = "path,total_conversions,total_null\n", crlf = "path,total_conversions,total_null\r\n",
                moved = "total_null,id,total_conversions,path\n",
                quoted = "\"path\",\"total_conversions\",\"total_null\"\n";
    for (std::size_t r = 0; r < paths.size(); ++r) {
      plain += joined(r, round % 2 ? ">" : " > ") + "," + number(conversions[r]) + "," + number(nulls[r]) + "\n";
      crlf += joined(r, " > ") + "," + number(conversions[r]) + "," + number(nulls[r]) + "\r\n";
      moved += number(nulls[r]) + ",row>" + std::to_string(r) + "," + number(conversions[r]) + "," +
               joined(r, "  >\t") + "\n";
      quoted += "\"" + joined(r, " > ") + "\",\"" + number(conversions[r]) + "\",\"" + number(nulls[r]) + "\"\n";
    }
    expect_same(cxscore::parse_paths_csv(plain), want);
    expect_same(cxscore::parse_paths_csv(crlf), want);
    expect_same(cxscore::parse_paths_csv(moved), want);
    expect_same(cxscore::parse_paths_csv(moved.substr(0, moved.size() - 1)), want);  // no final newline
    expect_same(cxscore::parse_paths_csv(quoted), want);
    EXPECT_EQ(cxscore::parse_paths_csv(plain).rows, static_cast<std::size_t>(rows));
  }
}

TEST(paths_csv_test, thousands_of_channels_are_counted_like_a_few) {
  // 1,500 channels and 3,000 rows: the counts equal the reference's, as for a handful of channels.
  std::vector<std::vector<std::string>> paths;
  std::vector<double> conversions, nulls;
  std::string text = "path,total_conversions,total_null\n";
  for (int r = 0; r < 3000; ++r) {
    paths.push_back({"c" + std::to_string(r), "c" + std::to_string((r * 7) % 1500), "c" + std::to_string(r / 2)});
    conversions.push_back(r % 3);
    nulls.push_back(1);
    text += paths.back()[0] + " > " + paths.back()[1] + " > " + paths.back()[2] + "," + std::to_string(r % 3) + ",1\n";
  }
  expect_same(cxscore::parse_paths_csv(text), reference(paths, conversions, nulls));
}

TEST(paths_csv_test, large_files_count_and_number_rows_as_small_ones) {
  // A file past 128 KB: channels first seen late come after the earlier ones', and a bad row there
  // still names its line.
  std::mt19937_64 rng(11);
  std::vector<std::vector<std::string>> paths;
  std::vector<double> conversions, nulls;
  std::string text = "path,total_conversions,total_null\n";
  for (int r = 0; r < 6000; ++r) {
    paths.emplace_back();
    for (int k = 0, n = 1 + static_cast<int>(rng() % 8); k < n; ++k)
      paths.back().push_back("ch" + std::to_string(r < 3000 ? rng() % 20 : rng() % 40));  // 20 more late
    conversions.push_back(static_cast<double>(rng() % 3));
    nulls.push_back(r % 7 == 0 ? 0.5 : static_cast<double>(rng() % 9));
    for (std::size_t k = 0; k < paths.back().size(); ++k) text += (k ? " > " : "") + paths.back()[k];
    text += "," + cxscore::detail::number_text(conversions.back()) + "," + cxscore::detail::number_text(nulls.back()) +
            "\n";
  }
  ASSERT_GT(text.size(), 2u << 16);
  const auto got = cxscore::parse_paths_csv(text);
  expect_same(got, reference(paths, conversions, nulls));
  EXPECT_EQ(got.rows, 6000u);
  // A quoted row, or a lone '\r' line end, late in the file sends it all to the general reader: same counts.
  std::string quoted = text, mac = text;
  const std::size_t late = quoted.find('\n', quoted.size() - 500) + 1;
  quoted.insert(quoted.find(',', late), "\"").insert(late, "\"");
  mac[mac.find('\n', mac.size() - 300)] = '\r';
  expect_same(cxscore::parse_paths_csv(quoted), reference(paths, conversions, nulls));
  expect_same(cxscore::parse_paths_csv(mac), reference(paths, conversions, nulls));
  for (const std::size_t bad_row : {100u, 3100u, 5900u}) {  // rows in the first, a middle and the last piece
    std::string broken = text;
    std::size_t at = 0;
    for (std::size_t line = 1; line < bad_row; ++line) at = broken.find('\n', at) + 1;
    broken.insert(at, "a > b,x,1\n");
    const auto e = cxscore_test::input_error_of([&] { (void)cxscore::parse_paths_csv(broken, "big.csv"); });
    EXPECT_EQ(e.where().row, bad_row);
    EXPECT_EQ(e.where().value, "x");
    EXPECT_EQ(e.what(),
              "big.csv, row " + std::to_string(bad_row) +
                  ", column 'total_conversions', value 'x': expected a count from 0 to 1e15 (max_path_count)");
  }
}

TEST(paths_csv_test, blank_lines_are_skipped_and_rows_keep_their_line_numbers) {
  const auto paths = cxscore::parse_paths_csv("path,total_conversions,total_null\n\na > b,1,0\n\r\n\nb,0,2\n\n");
  EXPECT_EQ(paths.rows, 2u);
  EXPECT_EQ(paths.counts.journeys(), 3);
  const auto e = cxscore_test::input_error_of(
      [] { (void)cxscore::parse_paths_csv("path,total_conversions,total_null\n\na > b,1,0\n\nb,x,2\n", "p.csv"); });
  EXPECT_EQ(e.where().row, 5u);
  EXPECT_EQ(e.where().column, "total_conversions");
  EXPECT_EQ(e.where().value, "x");
}

TEST(paths_csv_test, rows_given_as_numbers_count_and_refuse_as_the_csv_rows) {
  // The builder behind parse_paths_csv, fed numbers as a DataFrame's columns are: the counts equal the CSV
  // reading's, and a bad count names its row, column and number.
  const std::vector<std::vector<std::string>> paths{{"a", "b"}, {"b"}, {"c", "a", "a"}};
  const std::vector<double> conversions{1.5, 0, 2}, nulls{0, 3, 0.25};
  cxscore::channel_paths_builder rows("frame");
  rows.add_row("a > b", conversions[0], nulls[0], 1);
  rows.add_row(" b ", conversions[1], nulls[1], 2);
  rows.add_row("c>a >a", conversions[2], nulls[2], 3);
  const auto built = rows.finish();
  EXPECT_EQ(built.rows, 3u);
  expect_same(built, reference(paths, conversions, nulls));
  expect_same(cxscore::parse_paths_csv("path,total_conversions,total_null\na > b,1.5,0\n b ,0,3\nc>a >a,2,0.25\n"),
              reference(paths, conversions, nulls));
  struct bad {
    double conversions, nulls;
    std::string column, value;
  };
  for (const auto& c : {bad{-2, 0, "total_conversions", "-2"}, bad{1, std::nan(""), "total_null", "nan"},
                        bad{1e16, 0, "total_conversions", "1e+16"}}) {
    cxscore::channel_paths_builder more("frame");
    more.add_row("a", 1.0, 0.0, 1);
    const auto e = cxscore_test::input_error_of([&] { more.add_row("a > b", c.conversions, c.nulls, 7); });
    EXPECT_EQ(e.where().file, "frame");
    EXPECT_EQ(e.where().row, 7u);
    EXPECT_EQ(e.where().column, c.column);
    EXPECT_EQ(e.where().value, c.value);
    EXPECT_EQ(e.reason(), "expected a count from 0 to 1e15 (max_path_count)");
  }
  // No nulls column: the rows' journeys are their conversions.
  cxscore::channel_paths_builder no_nulls("frame");
  no_nulls.add_row("a", 2.0, std::nullopt, 1);
  EXPECT_EQ(no_nulls.finish().counts.journeys(), 2);
}

}  // namespace
