// `cxscore monitor` end to end: window scores, standard errors, changes and the noise flag worked out by
// hand on a small case, the same series by touchpoint, and bad input refused with exit code 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "support/cli_fixture.hpp"
#include "support/test_data.hpp"

namespace {

namespace fs = std::filesystem;
using cxscore_test::read_csv;

class cli_monitor_test : public cxscore_test::cli_fixture {
 protected:
  // web: scale [1, 5], promise 3, so with servqual v = g = (E - 3) / 4.
  // 2026-W10 (from Monday 2026-03-02): a rates 1 (g = -1/2), b rates 2 (-1/4);
  // 2026-W11: a 4 (+1/4), b 5 (+1/2); 2026-W12: nothing; 2026-W13: c 3 (0). support is never visited.
  void SetUp() override {
    cli_fixture::SetUp();
    m_inputs = "--map " +
               write("map.json", R"({"touchpoints": [{"name": "web", "promise": 3},
                   {"name": "support", "role": "service", "promise": 3}]})")
                   .string() +
               " --events " +
               write("events.csv",
                     "customer,touchpoint,time,experience\n"
                     "a,web,2026-03-02T10:00:00Z,1\nb,web,2026-03-03,2\na,web,2026-03-09,4\n"
                     "b,web,2026-03-15T23:59:59Z,5\nc,web,2026-03-23,3\n")
                   .string() +
               " --model servqual";
  }
  std::string m_inputs;
};

using row = std::map<std::string, std::string>;

std::vector<row> keyed(const std::vector<std::vector<std::string>>& csv) {
  std::vector<row> out;
  for (std::size_t r = 1; r < csv.size(); ++r) {
    row x;
    for (std::size_t k = 0; k < csv[0].size(); ++k) x[csv[0][k]] = csv[r][k];
    out.push_back(x);
  }
  return out;
}

double number(const row& r, const std::string& column) { return std::stod(r.at(column)); }

TEST_F(cli_monitor_test, weekly_scores_changes_and_flags_by_hand) {
  const auto out = dir() / "out";
  const auto r = run("monitor " + m_inputs + " --window week --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto brand = keyed(read_csv(out / "brand_trend.csv"));
  ASSERT_EQ(brand.size(), 3u);  // W12 has no encounters: no row, and W13 is compared with W11
  EXPECT_EQ(brand[0].at("window"), "2026-W10");
  EXPECT_EQ(brand[0].at("start"), "2026-03-02T00:00:00Z");
  EXPECT_EQ(brand[0].at("end"), "2026-03-09T00:00:00Z");
  EXPECT_EQ(brand[0].at("count"), "2");
  // W10: mean -3/8; s² = (1/4 + 1/16) / 2 - 9/64 = 1/64; SE = sqrt(s² · 2) / 2 = sqrt(2) / 16.
  EXPECT_DOUBLE_EQ(number(brand[0], "score"), -0.375);
  EXPECT_DOUBLE_EQ(number(brand[0], "index"), 50 - 50 * 0.375);  // servqual: λ = 1
  EXPECT_NEAR(number(brand[0], "standard_error"), std::sqrt(2.0) / 16, 1e-15);
  EXPECT_DOUBLE_EQ(number(brand[0], "mean_gap"), -0.375);
  EXPECT_DOUBLE_EQ(number(brand[0], "unmet_share"), 1.0);
  EXPECT_EQ(brand[0].at("change"), "");  // the first window has nothing to change from
  EXPECT_EQ(brand[0].at("flagged"), "no");
  // W11: mean +3/8, the same SE; change 3/4 with SE sqrt(2) · sqrt(2) / 16 = 1/8: 6 SE, p = erfc(6 / sqrt 2)
  // = 1.973e-9, the only change tested (W13 has no SE), so q = p; 37.5 index points: flagged.
  EXPECT_EQ(brand[1].at("window"), "2026-W11");  // Sunday 23:59:59 still belongs to the week
  EXPECT_DOUBLE_EQ(number(brand[1], "score"), 0.375);
  EXPECT_NEAR(number(brand[1], "change"), 0.75, 1e-15);
  EXPECT_NEAR(number(brand[1], "change_se"), 0.125, 1e-15);
  EXPECT_NEAR(number(brand[1], "index_change"), 37.5, 1e-12);
  EXPECT_DOUBLE_EQ(number(brand[1], "unmet_share"), 0.0);
  EXPECT_NEAR(number(brand[1], "p_value"), 1.973e-9, 1e-12);
  EXPECT_NEAR(number(brand[1], "q_value"), std::erfc(6 / std::sqrt(2.0)), 1e-20);
  EXPECT_EQ(brand[1].at("flagged"), "yes");
  // W13: one encounter, no SE: the change from W11 (-3/8) is never flagged.
  EXPECT_EQ(brand[2].at("window"), "2026-W13");
  EXPECT_EQ(brand[2].at("standard_error"), "");
  EXPECT_NEAR(number(brand[2], "change"), -0.375, 1e-15);
  EXPECT_EQ(brand[2].at("change_se"), "");
  EXPECT_EQ(brand[2].at("q_value"), "");
  EXPECT_EQ(brand[2].at("flagged"), "no");
  // Every encounter is at web: its series is the brand's, with the touchpoint first.
  const auto by_touchpoint = read_csv(out / "touchpoint_trend.csv");
  const auto brand_csv = read_csv(out / "brand_trend.csv");
  ASSERT_EQ(by_touchpoint.size(), brand_csv.size());
  for (std::size_t k = 0; k < brand_csv.size(); ++k) {
    EXPECT_EQ(by_touchpoint[k][0], k == 0 ? "touchpoint" : "web");
    EXPECT_EQ(std::vector<std::string>(by_touchpoint[k].begin() + 1, by_touchpoint[k].end()), brand_csv[k]);
  }
  EXPECT_NE(r.out.find("Touchpoint changes flagged: 1 of 1 tested"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("brand: index 50.0 in 2026-W13 (1 encounter), down 18.8 points (not flagged)"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(cxscore_test::slurp(out / "monitor_report.txt"), r.out.substr(0, r.out.find("wrote ")));

  // A minimum effect of 40 points: the move of 37.5 is beyond noise but too small; an fdr of 1e-9: q too high.
  ASSERT_EQ(run("monitor " + m_inputs + " --period week --min-effect 40 --out " + (dir() / "e40").string()), 0)
      << err();
  EXPECT_EQ(keyed(read_csv(dir() / "e40" / "brand_trend.csv"))[1].at("flagged"), "no");
  ASSERT_EQ(run("monitor " + m_inputs + " --period week --fdr 1e-9 --out " + (dir() / "f9").string()), 0) << err();
  EXPECT_EQ(keyed(read_csv(dir() / "f9" / "brand_trend.csv"))[1].at("flagged"), "no");
}

TEST_F(cli_monitor_test, customer_weights_and_calendar_months) {
  const auto customers = write("customers.csv", "customer,weight\na,3\n");
  ASSERT_EQ(run("monitor " + m_inputs + " --customers " + customers.string() + " --period month --out " +
                (dir() / "m").string()),
            0)
      << err();
  const auto brand = keyed(read_csv(dir() / "m" / "brand_trend.csv"));
  ASSERT_EQ(brand.size(), 1u);
  EXPECT_EQ(brand[0].at("window"), "2026-03");
  EXPECT_EQ(brand[0].at("count"), "5");
  // a weighs 3: (3·(-1/2) + (-1/4) + 3·(1/4) + 1/2 + 0) / (3 + 1 + 3 + 1 + 1) = -1/18.
  EXPECT_NEAR(number(brand[0], "score"), -0.5 / 9, 1e-15);
  EXPECT_NEAR(number(brand[0], "unmet_share"), 4.0 / 9, 1e-15);
}

TEST_F(cli_monitor_test, bad_input_exits_2_and_writes_nothing) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {" --period fortnight", "value 'fortnight'"},
      {" --fdr 0", "false-discovery rate must"},
      {" --min-effect -1", "minimum effect must"},
      {" --customers " + write("c.csv", "customer,weight\na,x\n").string(), "column 'weight', value 'x'"},
  };
  for (const auto& [args, message] : cases) {
    EXPECT_EQ(run("monitor " + m_inputs + args + " --out " + (dir() / "bad").string()), 2) << args;
    EXPECT_NE(err().find(message), std::string::npos) << err();
    EXPECT_FALSE(fs::exists(dir() / "bad")) << args;
  }
  const std::string far = write("far.csv", "customer,touchpoint,time,experience\na,web,0,3\na,web,1e15,3\n").string();
  EXPECT_EQ(
      run("monitor --map " + (dir() / "map.json").string() + " --events " + far + " --out " + (dir() / "bad").string()),
      2);
  EXPECT_NE(err().find("far.csv, row 3, column 'time', value '1e15': beyond the year 9999"), std::string::npos)
      << err();
}

TEST_F(cli_monitor_test, bpic2012_flags_only_changes_beyond_noise_and_of_at_least_a_point) {
  // BPIC 2012's weekly touchpoint trend tests 445 changes; "|change| > 3 SE" alone would flag 78 of them,
  // moves of 0.1 index points among them. A flag needs both: q ≤ 5% and at least 1 index point.
  const fs::path log = cxscore_test::data_file("bpic2012.csv.gz");
  const fs::path map = fs::path(CXSCORE_SOURCE_DIR) / "examples" / "data" / "bpic2012_map.json";
  const auto out = dir() / "bpic";
  const auto r = run("monitor --map " + map.string() + " --events " + log.string() +
                     " --columns customer=case_id,touchpoint=activity,time=timestamp --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = keyed(read_csv(out / "touchpoint_trend.csv"));
  // The q-values recomputed from the p-values by Benjamini-Hochberg's definition, q_i = min over p_j >= p_i
  // of m p_j / rank_j (rank among the m tested changes, ties ranked last).
  std::vector<double> p;
  for (const auto& tested : rows)
    if (!tested.at("p_value").empty()) p.push_back(number(tested, "p_value"));
  const auto m = static_cast<double>(p.size());
  auto rank = [&](double x) {
    return static_cast<double>(std::count_if(p.begin(), p.end(), [&](double y) { return y <= x; }));
  };
  std::size_t flagged = 0, small_but_significant = 0, longest = std::string("touchpoint").size();
  for (const auto& change : rows) {
    if (change.at("p_value").empty()) {
      EXPECT_EQ(change.at("flagged"), "no");
      continue;
    }
    const double pi = number(change, "p_value");
    double q = 1;
    for (const double pj : p)
      if (pj >= pi) q = std::min(q, m * pj / rank(pj));
    EXPECT_NEAR(number(change, "q_value"), q, 1e-12 + 1e-9 * q)
        << change.at("touchpoint") << " " << change.at("window");
    const bool significant = q <= 0.05, large = std::abs(number(change, "index_change")) >= 1.0;
    EXPECT_EQ(change.at("flagged"), significant && large ? "yes" : "no")
        << change.at("touchpoint") << " " << change.at("window");
    flagged += significant && large;
    if (significant && large) longest = std::max(longest, change.at("touchpoint").size());
    small_but_significant += significant && !large;
  }
  EXPECT_EQ(p.size(), 445u);
  EXPECT_GT(small_but_significant, 0u);  // e.g. A_PREACCEPTED in 2011-W40: -0.14 points, q 7e-6: not flagged
  EXPECT_NE(r.out.find("Touchpoint changes flagged: " + std::to_string(flagged) + " of 445 tested"), std::string::npos)
      << r.out;
  // The flagged list is one aligned table: the longest touchpoint name sets the column.
  const auto at = r.out.find("    touchpoint ");
  ASSERT_NE(at, std::string::npos);
  const std::string header = r.out.substr(at, r.out.find('\n', at) - at);
  EXPECT_EQ(header.find(" window"), 4 + longest) << header;
  EXPECT_GT(longest, 20u);  // a name wider than a fixed 20-character column
}

}  // namespace
