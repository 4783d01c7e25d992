// `cxscore drivers` and `cxscore metrics` end to end: numbers against the library's independent
// checks (sums, hand calculations), thread independence, and bad input refused with exit code 2 and
// nothing written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/cli_fixture.hpp"
#include "support/test_data.hpp"

namespace fs = std::filesystem;

namespace {

class cli_analysis_test : public cxscore_test::cli_fixture {};

const std::string swiss = cxscore_test::data_file("reference/swiss.csv").string();

TEST_F(cli_analysis_test, drivers_writes_lmg_that_sums_to_r2_and_bootstrap_is_thread_independent) {
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  const auto a = run("drivers --table " + swiss + " --outcome Fertility --bootstrap 40 --threads 1 --out " +
                     (m_dir / "one").string());
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const auto b = run("drivers --table " + swiss + " --outcome Fertility --bootstrap 40 --threads 2 --out " +
                     (m_dir / "two").string());
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const std::string csv = cxscore_test::slurp(m_dir / "one" / "drivers.csv");
  EXPECT_EQ(csv, cxscore_test::slurp(m_dir / "two" / "drivers.csv"));
  const auto rows = cxscore_test::read_csv(m_dir / "one" / "drivers.csv");
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[0].size(), 12u);
  const auto summary = nlohmann::json::parse(cxscore_test::slurp(m_dir / "one" / "summary.json"));
  double lmg = 0, share = 0;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    lmg += std::stod(rows[r][1]);
    share += std::stod(rows[r][2]);
    EXPECT_LE(std::stod(rows[r][6]), std::stod(rows[r][7]));  // lmg_lower <= lmg_upper
  }
  EXPECT_NEAR(lmg, summary["r2"].get<double>(), 1e-13);
  EXPECT_NEAR(share, 1.0, 1e-13);
  EXPECT_EQ(summary["n"], 47);
}

TEST_F(cli_analysis_test, drivers_lists_excluded_rows_and_takes_a_driver_subset) {
  const auto t =
      write("t.csv", "customer,a,b,c,nps\nx,1,2,0,9\ny,2,,1,7\nz,3,1,5,3\nw,5,4,2,8\nv,2,2,2,6\nu,4,1,3,4\n");
  const auto r = run("drivers --table " + t.string() + " --outcome nps --drivers c,a --out " + (m_dir / "o").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(cxscore_test::slurp(m_dir / "o" / "summary.json"));
  EXPECT_EQ(summary["n"], 6);  // the empty cell is in b, which is not analysed
  const auto all = run("drivers --table " + t.string() + " --outcome nps --out " + (m_dir / "p").string());
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const auto s2 = nlohmann::json::parse(cxscore_test::slurp(m_dir / "p" / "summary.json"));
  EXPECT_EQ(s2["n"], 5);
  EXPECT_EQ(s2["excluded"][0]["row"], 3);
  EXPECT_EQ(s2["excluded"][0]["column"], "b");
  EXPECT_EQ(cxscore_test::read_csv(m_dir / "o" / "drivers.csv")[1][0], "c");
}

TEST_F(cli_analysis_test, drivers_refuses_bad_input_with_exit_code_2_and_writes_nothing) {
  CXSCORE_REQUIRE_TEST_DATA("reference/swiss.csv");
  const auto bad = write("bad.csv", "a,b,y\n1,2,3\n2,x7,4\n3,1,2\n4,4,4\n");
  const auto r = run("drivers --table " + bad.string() + " --outcome y --out " + (m_dir / "o").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("row 3, column 'b', value 'x7'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(m_dir / "o"));
  EXPECT_EQ(run("drivers --table " + bad.string() + " --outcome nope --out " + (m_dir / "o").string()).exit_code, 2);
  EXPECT_EQ(run("drivers --table " + swiss + " --outcome Fertility --drivers Agriculture,Nope --out " +
                (m_dir / "o").string())
                .exit_code,
            2);
  const auto tiny = write("tiny.csv", "a,y\n1,2\n2,3\n");
  EXPECT_EQ(run("drivers --table " + tiny.string() + " --outcome y --out " + (m_dir / "o").string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(m_dir / "o"));
}

TEST_F(cli_analysis_test, drivers_of_a_0_1_outcome_are_logistic_relative_weights_by_default) {
  CXSCORE_REQUIRE_TEST_DATA("reference/mtcars.csv");
  const std::string cars = cxscore_test::data_file("reference/mtcars.csv").string();
  const auto r = run("drivers --table " + cars + " --outcome am --drivers wt,hp --out " + (m_dir / "l").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(cxscore_test::slurp(m_dir / "l" / "summary.json"));
  EXPECT_EQ(summary["outcome_model"], "logistic");
  EXPECT_EQ(summary["importance"], "relative_weight");
  // R's glm(am ~ wt + hp, binomial): residual deviance 10.059, null deviance 43.230.
  EXPECT_NEAR(summary["logistic"]["deviance"].get<double>(), 10.059, 5e-4);
  EXPECT_NEAR(summary["logistic"]["null_deviance"].get<double>(), 43.230, 5e-4);
  EXPECT_EQ(summary["logistic"]["separation"], false);
  const auto rows = cxscore_test::read_csv(m_dir / "l" / "drivers.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], "");  // no LMG for a logistic model
  EXPECT_NEAR(std::stod(rows[1][3]) + std::stod(rows[2][3]), summary["r2"].get<double>(), 1e-13);
  const auto lpm =
      run("drivers --table " + cars + " --outcome am --drivers wt,hp --method linear --out " + (m_dir / "p").string());
  ASSERT_EQ(lpm.exit_code, 0) << lpm.err;
  const auto s2 = nlohmann::json::parse(cxscore_test::slurp(m_dir / "p" / "summary.json"));
  EXPECT_EQ(s2["outcome_model"], "linear probability (binary outcome)");
  // A continuous outcome cannot be fitted by logistic regression: exit 2, the file's row named (the header
  // is row 1, so the first car is row 2).
  const auto bad = run("drivers --table " + cars + " --outcome mpg --method logistic --out " + (m_dir / "q").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("mtcars.csv, row 2, column 'mpg', value '21'"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(m_dir / "q"));
}

TEST_F(cli_analysis_test, drivers_from_events_build_the_table_and_refuse_half_given_sources) {
  const auto map = write("map.json", R"({"touchpoints": [
    {"name": "delivery", "scale": [0, 240], "direction": "lower", "promise": 48},
    {"name": "support", "scale": [0, 10], "promise": 5}]})");
  // Gaps by hand: a delivery (48 - 24) / 240 = 0.1 and (48 - 96) / 240 = -0.2 -> mean -0.05, support +0.3;
  // b support -0.3 (delivery unvisited: 0); c delivery 0.2; d delivery 0; e support 0.1, delivery -0.1.
  const auto events = write("events.csv",
                            "customer,touchpoint,time,experience\n"
                            "a,delivery,2026-01-01,24\na,delivery,2026-01-02,96\na,support,2026-01-03,8\n"
                            "b,support,2026-01-01,2\nc,delivery,2026-01-04,0\nd,delivery,2026-01-05,48\n"
                            "e,support,2026-01-02,6\ne,delivery,2026-01-03,72\n");
  const auto outcomes = write("outcomes.csv", "customer,nps\na,9\nb,2\nc,10\nd,\ne,6\nf,1\n");
  const std::string base = "drivers --map " + map.string() + " --events " + events.string() + " --outcome nps ";
  const auto r = run(base + "--outcomes " + outcomes.string() + " --value gap --out " + (m_dir / "o").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto summary = nlohmann::json::parse(cxscore_test::slurp(m_dir / "o" / "summary.json"));
  EXPECT_EQ(summary["n"], 4);
  ASSERT_EQ(summary["excluded"].size(), 1u);
  EXPECT_EQ(summary["excluded"][0]["id"], "d");
  EXPECT_EQ(summary["excluded"][0]["reason"], "no outcome");
  // fix_first's gap is the mean cell: delivery (-0.05 + 0 + 0.2 - 0.1) / 4, support (0.3 - 0.3 + 0 + 0.1) / 4.
  const auto fix = cxscore_test::read_csv(m_dir / "o" / "fix_first.csv");
  ASSERT_EQ(fix.size(), 3u);
  for (std::size_t k = 1; k < 3; ++k)
    EXPECT_NEAR(std::stod(fix[k][2]), fix[k][0] == "delivery" ? 0.0125 : 0.025, 1e-15) << fix[k][0];
  EXPECT_EQ(run(base + "--out " + (m_dir / "x").string()).exit_code, 2);  // no --outcomes
  EXPECT_EQ(run("drivers --events " + events.string() + " --outcomes " + outcomes.string() + " --outcome nps --out " +
                (m_dir / "x").string())
                .exit_code,
            2);  // no --map
  const auto both = run(base + "--outcomes " + outcomes.string() + " --table " + events.string() + " --out " +
                        (m_dir / "x").string());
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("give either --table, or --map and --events"), std::string::npos) << both.err;
  const auto bad_outcome = write("bad.csv", "customer,nps\na,9\nb,often\n");
  const auto e = run(base + "--outcomes " + bad_outcome.string() + " --out " + (m_dir / "x").string());
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("row 3, column 'nps', value 'often'"), std::string::npos) << e.err;
  EXPECT_FALSE(fs::exists(m_dir / "x"));

  // --lenient skips a bad event row, lists it in rejected.csv and gives the clean run's numbers.
  const auto dirty = write("dirty.csv", cxscore_test::slurp(events) + "e,teleport,2026-01-04,3\n");
  const auto l = run("drivers --map " + map.string() + " --events " + dirty.string() + " --outcome nps --outcomes " +
                     outcomes.string() + " --value gap --lenient --out " + (m_dir / "l").string());
  ASSERT_EQ(l.exit_code, 0) << l.err;
  EXPECT_NE(l.out.find("skipped 1 bad row (listed in " + (m_dir / "l").string() + "/rejected.csv)"), std::string::npos)
      << l.out;
  const auto rejected = cxscore_test::read_csv(m_dir / "l" / "rejected.csv");
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[1][1], "10");  // the file's tenth line
  EXPECT_EQ(rejected[1][3], "teleport");
  for (const char* file : {"drivers.csv", "fix_first.csv"})
    EXPECT_EQ(cxscore_test::slurp(m_dir / "l" / file), cxscore_test::slurp(m_dir / "o" / file)) << file;
  EXPECT_EQ(
      run("drivers --table " + swiss + " --outcome Fertility --lenient --out " + (m_dir / "y").string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(m_dir / "y"));
}

TEST_F(cli_analysis_test, metrics_by_group_equal_hand_calculations) {
  const auto t = write("s.csv", "segment,nps,csat\ngold,10,5\ngold,9,\nbasic,3,2\nbasic,9,4\nbasic,7,4\n");
  const auto r =
      run("metrics --table " + t.string() + " --nps nps --csat csat --by segment --out " + (m_dir / "m").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = cxscore_test::read_csv(m_dir / "m" / "metrics.csv");
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"group", "metric", "n", "value", "se", "lower", "upper"}));
  // all: promoters 3/5, detractors 1/5 -> NPS 40, se 100 sqrt((0.8 - 0.16) / 5).
  EXPECT_EQ(rows[1][0], "all");
  EXPECT_NEAR(std::stod(rows[1][3]), 40.0, 1e-12);
  EXPECT_NEAR(std::stod(rows[1][4]), 100 * std::sqrt(0.64 / 5), 1e-12);
  EXPECT_EQ(rows[2][0], "gold");
  EXPECT_NEAR(std::stod(rows[2][3]), 100.0, 1e-12);
  EXPECT_NEAR(std::stod(rows[3][3]), 0.0, 1e-12);  // basic: 1 promoter, 1 detractor of 3
  // CSAT skips the unanswered cell: 3 of 4 in the top two boxes.
  EXPECT_EQ(rows[4][1], "csat");
  EXPECT_EQ(rows[4][2], "4");
  EXPECT_NEAR(std::stod(rows[4][3]), 75.0, 1e-12);
}

TEST_F(cli_analysis_test, metrics_refuses_out_of_scale_ratings_with_exit_code_2) {
  const auto t = write("s.csv", "nps\n10\n11\n");
  const auto r = run("metrics --table " + t.string() + " --nps nps --out " + (m_dir / "m").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("row 3, column 'nps', value '11'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(m_dir / "m"));
  const auto frac = write("c.csv", "ces\n2.5\n");
  EXPECT_EQ(run("metrics --table " + frac.string() + " --ces ces --out " + (m_dir / "m").string()).exit_code, 2);
  EXPECT_EQ(run("metrics --table " + frac.string() + " --out " + (m_dir / "m").string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(m_dir / "m"));
}

}  // namespace
