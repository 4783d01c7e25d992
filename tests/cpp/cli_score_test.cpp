// The `cxscore` command end to end: outputs against an independent implementation of DESIGN.md's
// formulas, every bad input refused with exit code 2 and no output left behind, lenient mode, demo.
#include <gtest/gtest.h>

#include "support/cli_fixture.hpp"
#include "support/reference_scoring.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using cli_score_test = cxscore_test::cli_fixture;
using cxscore_test::read_csv;
using cxscore_test::slurp;

// The fixed case: every feature at once, small enough to follow by hand.
cxscore_test::ref_case fixed_case() {
  cxscore_test::ref_case k;
  k.touchpoints = {{"web", 1, 5, false, 4, 1.0, false, "ecommerce"},
                   {"delivery", 0, 240, true, 48, 2.0, false, "logistics"},
                   {"survey", 1, 7, false, NAN, 1.0, false, "ecommerce"},
                   {"support", 1, 5, false, 3, 1.5, true, "care"}};
  k.alpha = 0.8, k.beta = 0.9, k.lambda = 2.5, k.recovery = 0.4, k.half_life_days = 10, k.peak_end = 0.3;
  k.model_weights = {{"survey", 3.0}};
  k.dimension_weights = {{"empathy", 2.0}};
  k.psi = {{"ann", 2.0}, {"bo", 1.0}, {"cy", 0.5}};
  k.segment = {{"ann", "gold"}, {"bo", "basic"}, {"cy", "basic"}};
  const double day = 86400;
  k.events = {
      {"ann", "web", 0, 5, NAN, ""},
      {"ann", "delivery", 1 * day, 72, NAN, ""},
      {"ann", "survey", 2 * day, 4, 6, "empathy"},
      {"ann", "survey", 2 * day, 6, 5, "reliability"},
      {"ann", "support", 3 * day, 5, NAN, ""},
      {"bo", "web", 5 * day, 2, 3, ""},
      {"bo", "support", 4 * day, 4, NAN, ""},
      {"bo", "delivery", 5 * day, 30, NAN, ""},
      {"cy", "web", 1 * day, 4, NAN, ""},
  };
  return k;
}

const std::string map_json = cxscore_test::map_json(fixed_case());

std::string events_csv() { return cxscore_test::events_csv(fixed_case()); }

// Runs `cxscore score` on the case's files and checks every output number against the reference.
// `extra` is appended to the command line (e.g. " --threads 2").
void expect_matches_reference(cli_score_test& t, const cxscore_test::ref_case& k, const std::string& label,
                              const std::string& extra = "") {
  const auto map = t.write("map.json", cxscore_test::map_json(k));
  const auto model = t.write("model.json", cxscore_test::model_json(k));
  const auto ev = t.write("events.csv", cxscore_test::events_csv(k));
  const auto cust = t.write("customers.csv", cxscore_test::customers_csv(k));
  const auto out = t.dir() / ("out_" + label);
  const auto r = t.run("score --map " + map.string() + " --events " + ev.string() + " --customers " + cust.string() +
                       " --model " + model.string() + " --out " + out.string() + extra);
  ASSERT_EQ(r.exit_code, 0) << label << "\n" << r.err;
  const auto ref = cxscore_test::reference_score(k);
  constexpr double tol = 1e-12;

  const auto customers = read_csv(out / "customers.csv");
  ASSERT_EQ(customers[0], (std::vector<std::string>{"customer", "score", "index", "events"}));
  ASSERT_EQ(customers.size(), ref.score.size() + 1) << label;
  for (std::size_t i = 1; i < customers.size(); ++i) {
    const std::string& c = customers[i][0];
    const double s = ref.score.at(c);
    EXPECT_NEAR(std::stod(customers[i][1]), s, tol) << label << " customer " << c;
    EXPECT_NEAR(std::stod(customers[i][2]), s >= 0 ? 50 + 50 * s : 50 + 50 * s / k.lambda, 1e-10) << label << " " << c;
    EXPECT_EQ(std::stoi(customers[i][3]), ref.events.at(c)) << label << " " << c;
  }

  auto check_groups = [&](const char* file, const std::map<std::string, cxscore_test::ref_group>& expected) {
    const auto rows = read_csv(out / file);
    ASSERT_EQ(rows[0], (std::vector<std::string>{rows[0][0], "count", "mean_gap", "mean_value", "unmet_share",
                                                 "contribution", "impact", "contribution_points", "impact_points"}));
    double contributions = 0, points = 0, impacts = 0, impact_points = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto it = expected.find(rows[i][0]);
      if (it == expected.end()) {  // a group nobody visited
        EXPECT_EQ(rows[i][1], "0") << label << " " << file << " " << rows[i][0];
        continue;
      }
      const auto& g = it->second;
      const std::string where = label + " " + file + " " + rows[i][0];
      EXPECT_EQ(std::stod(rows[i][1]), g.count) << where;
      EXPECT_NEAR(std::stod(rows[i][2]), g.gap / g.weight, tol) << where;
      EXPECT_NEAR(std::stod(rows[i][3]), g.value / g.weight, tol) << where;
      EXPECT_NEAR(std::stod(rows[i][4]), g.unmet / g.weight, tol) << where;
      EXPECT_NEAR(std::stod(rows[i][5]), g.contribution, tol) << where;
      EXPECT_NEAR(std::stod(rows[i][6]), g.impact, tol) << where;
      // Index points: contributions on the scale of the brand score's index, impacts on the loss side.
      EXPECT_NEAR(std::stod(rows[i][7]), 50 * g.contribution / (ref.brand >= 0 ? 1 : k.lambda), 1e-10) << where;
      EXPECT_NEAR(std::stod(rows[i][8]), 50 * g.impact / k.lambda, 1e-10) << where;
      contributions += std::stod(rows[i][5]);
      points += std::stod(rows[i][7]);
      impacts += std::stod(rows[i][6]);
      impact_points += std::stod(rows[i][8]);
    }
    EXPECT_NEAR(contributions, ref.brand, tol) << label << " " << file << ": contributions add up to the brand score";
    const double index = ref.brand >= 0 ? 50 + 50 * ref.brand : 50 + 50 * ref.brand / k.lambda;
    EXPECT_NEAR(points, index - 50, 1e-10) << label << " " << file << ": points add up to the index - 50";
    EXPECT_NEAR(impact_points, 50 * impacts / k.lambda, 1e-10) << label << " " << file;
  };
  check_groups("touchpoints.csv", ref.by_touchpoint);
  check_groups("owners.csv", ref.by_owner);
  check_groups("segments.csv", ref.by_segment);
  const std::string summary = slurp(out / "summary.json");
  const auto at = summary.find("\"brand_score\": ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_NEAR(std::stod(summary.substr(at + 15)), ref.brand, tol) << label;
}

TEST_F(cli_score_test, score_matches_the_formulas_with_every_feature) {
  expect_matches_reference(*this, fixed_case(), "fixed");
  // Hand checks of the fixed case. web: gaps ann +1/4, bo -1/4 (expectation 3, experience 2), cy 0;
  // psi 2, 1, 0.5. delivery: ann 72 h against 48 promised (g = -24/240), bo 30 h (g = +18/240).
  const auto web = read_csv(m_dir / "out_fixed" / "touchpoints.csv")[1];
  EXPECT_EQ(web[0], "web");
  EXPECT_NEAR(std::stod(web[2]), (2 * 0.25 - 0.25 + 0) / 3.5, 1e-15);
  EXPECT_NEAR(std::stod(web[4]), 1 / 3.5, 1e-15);
  const auto delivery = read_csv(m_dir / "out_fixed" / "touchpoints.csv")[2];
  EXPECT_NEAR(std::stod(delivery[2]), (2 * -0.1 + 1 * 0.075) / 3, 1e-15);
  for (const char* f : {"phases.csv", "channels.csv"}) EXPECT_TRUE(fs::exists(m_dir / "out_fixed" / f)) << f;
  EXPECT_FALSE(fs::exists(m_dir / "out_fixed" / "rejected.csv"));
}

TEST_F(cli_score_test, score_matches_the_formulas_on_random_maps_models_and_events) {
  std::mt19937_64 rng(20261124);
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  for (int trial = 0; trial < 25; ++trial) {
    cxscore_test::ref_case k;
    const int touchpoints = 2 + pick(5);
    for (int t = 0; t < touchpoints; ++t) {
      cxscore_test::ref_touchpoint tp;
      tp.name = "tp" + std::to_string(t);
      tp.lo = pick(2);
      tp.hi = tp.lo + std::vector<double>{4, 6, 10, 240}[static_cast<std::size_t>(pick(4))];
      tp.lower_is_better = pick(3) == 0;
      tp.promise = pick(4) == 0 ? NAN : std::round(uniform(tp.lo, tp.hi));
      tp.weight = std::round(uniform(0.1, 3) * 100) / 100;
      tp.service = pick(3) == 0;
      tp.owner = std::string(1, static_cast<char>('a' + pick(3)));
      k.touchpoints.push_back(tp);
    }
    k.alpha = std::round(uniform(0.3, 1) * 100) / 100;
    k.beta = pick(4) == 0 ? 1.0 : std::round(uniform(0.3, 1) * 100) / 100;
    k.lambda = std::round(uniform(0.5, 4) * 100) / 100;
    k.recovery = pick(2) ? 1.0 : std::round(uniform(0, 1) * 100) / 100;
    k.half_life_days = pick(2) ? INFINITY : std::round(uniform(1, 60));
    k.peak_end = pick(2) ? 0.0 : std::round(uniform(0, 1) * 100) / 100;
    if (pick(2)) k.model_weights["tp" + std::to_string(pick(touchpoints))] = std::round(uniform(0.1, 5) * 10) / 10;
    if (pick(2)) k.dimension_weights[pick(2) ? "d1" : "d0"] = std::round(uniform(0.1, 3) * 10) / 10;
    const int customers = 1 + pick(6);
    for (int c = 0; c < customers; ++c) {
      const std::string id = "c" + std::to_string(c);
      if (pick(2)) k.psi[id] = std::round(uniform(0.5, 3) * 10) / 10;
      if (pick(2)) k.segment[id] = pick(2) ? "x" : "y";
      if (k.segment.count(id) && !k.psi.count(id)) k.psi[id] = 1;  // customers.csv lists segmented customers
      const int events = 1 + pick(8);
      for (int e = 0; e < events; ++e) {
        const auto& tp = k.touchpoints[static_cast<std::size_t>(pick(touchpoints))];
        cxscore_test::ref_event ev;
        ev.customer = id;
        ev.touchpoint = tp.name;
        ev.time = 1.7e9 + 86400.0 * pick(30) + 3600.0 * pick(3);  // ties happen
        ev.experience = std::round(uniform(tp.lo, tp.hi) * 10) / 10;
        if (std::isnan(tp.promise) || pick(2)) ev.expectation = std::round(uniform(tp.lo, tp.hi) * 10) / 10;
        if (pick(3) == 0) ev.dimension = pick(2) ? "d1" : "d0";
        k.events.push_back(ev);
      }
    }
    std::shuffle(k.events.begin(), k.events.end(), rng);  // customers interleave in the file
    expect_matches_reference(*this, k, "trial" + std::to_string(trial), trial % 2 ? " --threads 2" : "");
    // Grouped by customer (codes follow first appearance, so the rows are customer-sorted): the
    // kernel's read-once path.
    std::stable_sort(k.events.begin(), k.events.end(),
                     [](const auto& a, const auto& b) { return a.customer < b.customer; });
    expect_matches_reference(*this, k, "grouped_trial" + std::to_string(trial), trial % 2 ? "" : " --threads 2");
  }
}

TEST_F(cli_score_test, score_matches_the_formulas_for_a_customer_with_more_rows_than_a_kernel_block) {
  // The kernel measures 512 rows at a time; a customer with 1200 is summed block by block, then shared out.
  cxscore_test::ref_case k = fixed_case();
  k.events.erase(std::remove_if(k.events.begin(), k.events.end(), [](const auto& e) { return e.customer == "cy"; }),
                 k.events.end());
  for (int i = 0; i < 1200; ++i) {
    const char* tp = i % 3 == 0 ? "web" : i % 3 == 1 ? "delivery" : "survey";
    const double experience = i % 3 == 1 ? (i * 37) % 241 : 1 + (i * 7) % 5;
    k.events.push_back({"cy", tp, 86400.0 * (i % 50), experience, i % 3 == 2 ? 1.0 + (i * 3) % 7 : std::nan(""),
                        i % 4 == 0 ? "empathy" : ""});
  }
  expect_matches_reference(*this, k, "long_sorted");
  std::mt19937_64 rng(3);
  std::shuffle(k.events.begin(), k.events.end(), rng);
  expect_matches_reference(*this, k, "long_shuffled", " --threads 2");
}

TEST_F(cli_score_test, every_bad_input_exits_2_names_the_place_and_leaves_no_output) {
  const std::string good_map = write("map.json", map_json).string();
  const std::string good_events = write("events.csv", events_csv()).string();
  struct bad_case {
    std::string name, args, expect;
  };
  const std::string h = "customer,touchpoint,time,experience,expectation\n";
  auto ev = [&](const std::string& name, const std::string& text) { return write(name, text).string(); };
  auto map = [&](const std::string& name, const std::string& text) { return write(name, text).string(); };
  auto model = [&](const std::string& name, const std::string& text) { return write(name, text).string(); };
  const std::vector<bad_case> cases = {
      {"unknown touchpoint", "--map " + good_map + " --events " + ev("e1.csv", h + "a,web,0,4,\na,shop,0,4,\n"),
       "e1.csv, row 3, column 'touchpoint', value 'shop'"},
      {"empty experience", "--map " + good_map + " --events " + ev("e2.csv", h + "a,web,0,,\n"),
       "e2.csv, row 2, column 'experience'"},
      {"non-numeric experience", "--map " + good_map + " --events " + ev("e3.csv", h + "a,web,0,four,\n"),
       "value 'four'"},
      {"NaN experience", "--map " + good_map + " --events " + ev("e4.csv", h + "a,web,0,NaN,\n"), "value 'NaN'"},
      {"inf experience", "--map " + good_map + " --events " + ev("e5.csv", h + "a,web,0,inf,\n"), "value 'inf'"},
      {"8 on a 1-7 scale", "--map " + good_map + " --events " + ev("e6.csv", h + "a,survey,0,8,4\n"),
       "column 'experience', value '8'"},
      {"expectation outside scale", "--map " + good_map + " --events " + ev("e7.csv", h + "a,survey,0,4,9\n"),
       "column 'expectation', value '9'"},
      {"missing column", "--map " + good_map + " --events " + ev("e8.csv", "customer,touchpoint,time\na,web,0\n"),
       "missing required column 'experience'"},
      {"duplicate header",
       "--map " + good_map + " --events " + ev("e9.csv", "customer,touchpoint,time,experience,customer\n"),
       "duplicate column"},
      {"empty file", "--map " + good_map + " --events " + ev("e10.csv", ""), "empty"},
      {"unterminated quote", "--map " + good_map + " --events " + ev("e11.csv", h + "\"a,web,0,4,\n"), "unterminated"},
      {"unparsable time", "--map " + good_map + " --events " + ev("e12.csv", h + "a,web,last tuesday,4,\n"),
       "column 'time', value 'last tuesday'"},
      {"no expectation, no promise", "--map " + good_map + " --events " + ev("e13.csv", h + "a,survey,0,4,\n"),
       "no promise"},
      {"header only", "--map " + good_map + " --events " + ev("e14.csv", h), "no events"},
      {"negative map weight",
       "--map " + map("m1.json", R"({"touchpoints": [{"name": "web", "weight": -1}]})") + " --events " + good_events,
       "weight"},
      {"scale lo >= hi",
       "--map " + map("m2.json", R"({"touchpoints": [{"name": "web", "scale": [5, 5]}]})") + " --events " + good_events,
       "lo < hi"},
      {"duplicate touchpoint",
       "--map " + map("m3.json", R"({"touchpoints": [{"name": "web"}, {"name": "web"}]})") + " --events " + good_events,
       "duplicate touchpoint"},
      {"transition to unknown touchpoint",
       "--map " + map("m4.json", R"({"touchpoints": [{"name": "web"}], "transitions": [["web", "moon"]]})") +
           " --events " + good_events,
       "value 'moon'"},
      {"lambda <= 0",
       "--map " + good_map + " --events " + good_events + " --model " + model("p1.json", R"({"lambda": 0})"), "lambda"},
      {"alpha > 1",
       "--map " + good_map + " --events " + good_events + " --model " + model("p2.json", R"({"alpha": 1.2})"), "alpha"},
      {"beta <= 0", "--map " + good_map + " --events " + good_events + " --model " + model("p3.json", R"({"beta": 0})"),
       "beta"},
      {"recovery > 1",
       "--map " + good_map + " --events " + good_events + " --model " + model("p4.json", R"({"recovery": 1.5})"),
       "recovery"},
      {"peak_end < 0",
       "--map " + good_map + " --events " + good_events + " --model " + model("p5.json", R"({"peak_end": -0.1})"),
       "peak_end"},
      {"half-life <= 0",
       "--map " + good_map + " --events " + good_events + " --model " + model("p6.json", R"({"half_life_days": 0})"),
       "half_life_days"},
      {"negative model weight",
       "--map " + good_map + " --events " + good_events + " --model " + model("p7.json", R"({"weights": {"web": -2}})"),
       "weights.web"},
      {"model weight for an unknown touchpoint",
       "--map " + good_map + " --events " + good_events + " --model " + model("p8.json", R"({"weights": {"moon": 2}})"),
       "value 'moon'"},
      {"NaN customer weight",
       "--map " + good_map + " --events " + good_events + " --customers " + ev("c1.csv", "customer,weight\nann,nan\n"),
       "c1.csv, row 2, column 'weight', value 'nan'"},
      {"customer weights sum to 0",
       "--map " +
           map("m5.json",
               R"({"touchpoints": [{"name": "web", "promise": 3, "weight": 0}, {"name": "app", "promise": 3}]})") +
           " --events " + ev("e15.csv", h + "a,app,0,4,\nzed,web,0,4,\n"),
       "value 'zed'"},
      {"all customer weights 0",
       "--map " + good_map + " --events " + ev("e16.csv", h + "a,web,0,4,\n") + " --customers " +
           ev("c2.csv", "customer,weight\na,0\n"),
       "sum to 0"},
  };
  for (const auto& c : cases) {
    const auto out = m_dir / "out_bad";
    const auto r = run("score " + c.args + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << c.name << "\n" << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.name << ": stderr was\n" << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.name << ": output left behind";
  }
}

// Bad JSON of every kind the parser meets, in the map and the model, for score and journeys.
TEST_F(cli_score_test, bad_json_exits_2_naming_the_file) {
  const std::string good_map = write("map.json", map_json).string();
  const std::string events = write("events.csv", events_csv()).string();
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string deep_prefix = R"({"touchpoints": [{"name": "web"}], "x": )";
  const std::string huge_prefix = R"({"touchpoints": [{"name": "web", "weight": )";
  // The 257th level is the 256th '[' of the key's value; the number starts right after its prefix.
  const std::string deep_column = "column " + std::to_string(deep_prefix.size() + 256);
  const std::string huge_column = "column " + std::to_string(huge_prefix.size() + 1);
  struct bad_case {
    std::string args, expect;
  };
  const std::vector<bad_case> cases = {
      {"--map " + write("deep_map.json", deep).string(), "deep_map.json: invalid JSON: nested deeper than 256 levels"},
      {"--map " + write("deep_key.json", deep_prefix + deep + "}").string(),
       "deep_key.json: invalid JSON: nested deeper than 256 levels at line 1, " + deep_column},
      {"--map " + write("huge_map.json", huge_prefix + "1e400}]}").string(),
       "huge_map.json, value '1e400': invalid JSON: number beyond the range of a double at line 1, " + huge_column},
      {"--map " + write("pad_map.json", R"({"touchpoints": [{"name": " pad "}]})").string(),
       "pad_map.json, column 'touchpoints[0]', value ' pad ': touchpoint name has blanks"},
      {"--map " + write("end_map.json", R"({"touchpoints": [{"name": "__end__"}]})").string(),
       "end_map.json, column 'touchpoints[0]', value '__end__': touchpoint name is reserved"},
      {"--map " + good_map + " --model " + write("deep_model.json", deep).string(),
       "deep_model.json: invalid JSON: nested deeper than 256 levels"},
      {"--map " + good_map + " --model " + write("huge_model.json", R"({"lambda": 1e400})").string(),
       "huge_model.json, value '1e400': invalid JSON: number beyond the range of a double"},
      {"--map " + good_map + " --model " +
           write("digits_model.json", R"({"alpha": 1)" + std::string(309, '0') + "}").string(),
       "digits_model.json, value '1000000000000000000000000000000000000000... (310 characters)'"},
      {"--map " + good_map + " --model " + write("utf8_model.json", "{\"preset\": \"\xFF\"}").string(),
       "utf8_model.json: invalid JSON"},
  };
  for (const auto& c : cases)
    for (const std::string command : {"score", "journeys"}) {
      if (command == "journeys" && c.args.find("--model") != std::string::npos) continue;
      const auto out = m_dir / "out_bad";
      const auto r = run(cxscore_test::concat({command, " ", c.args, " --events ", events, " --out ", out.string()}));
      EXPECT_EQ(r.exit_code, 2) << command << " " << c.expect << "\n" << r.err;
      EXPECT_NE(r.err.find(c.expect), std::string::npos) << command << ": stderr was\n" << r.err.substr(0, 500);
      EXPECT_FALSE(fs::exists(out)) << command << " " << c.expect << ": output left behind";
    }
}

TEST_F(cli_score_test, lenient_mode_writes_rejected_rows_and_says_how_many) {
  const auto map = write("map.json", map_json);
  const auto ev =
      write("events.csv", "customer,touchpoint,time,experience\na,web,0,4\nb,moon,0,4\nc,web,0,99\nd,web,0,5\n");
  const auto out = m_dir / "out";
  const auto r = run("score --lenient --map " + map.string() + " --events " + ev.string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("skipped 2 bad rows"), std::string::npos) << r.out;
  const auto rejected = read_csv(out / "rejected.csv");
  ASSERT_EQ(rejected.size(), 3u);
  EXPECT_EQ(rejected[1][1], "3");
  EXPECT_EQ(rejected[1][2], "touchpoint");
  EXPECT_EQ(rejected[2][1], "4");
  EXPECT_EQ(read_csv(out / "customers.csv").size(), 3u);  // a and d
}

TEST_F(cli_score_test, simulate_then_score_and_demo_run) {
  const auto sim = m_dir / "sim";
  auto r = run("simulate --customers 300 --seed 5 --out " + sim.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"map.json", "model.json", "events.csv", "customers.csv", "outcomes.csv", "truth.json"})
    EXPECT_TRUE(fs::exists(sim / f)) << f;
  const auto out = m_dir / "out";
  r = run("score --map " + (sim / "map.json").string() + " --events " + (sim / "events.csv").string() +
          " --customers " + (sim / "customers.csv").string() + " --model " + (sim / "model.json").string() + " --out " +
          out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_csv(out / "customers.csv").size(), 301u);
  // The demo scores the same brand in memory: its printed index equals the files' brand_index.
  const std::string summary = slurp(out / "summary.json");
  const double brand_index = std::stod(summary.substr(summary.find("\"brand_index\": ") + 15));
  const auto demo = run("demo --customers 300 --seed 5");
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  char expected[64];
  std::snprintf(expected, sizeof expected, "Brand index %.1f / 100", brand_index);
  EXPECT_NE(demo.out.find(expected), std::string::npos) << expected << "\n" << demo.out;
  // Identical seeds give identical files.
  const auto sim2 = m_dir / "sim2";
  ASSERT_EQ(run("simulate --customers 300 --seed 5 --out " + sim2.string()).exit_code, 0);
  EXPECT_EQ(slurp(sim / "events.csv"), slurp(sim2 / "events.csv"));

  r = run("demo --customers 500");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"Brand index", "Fix first", "Owners' scorecard", "Where the loss happens"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
}

TEST_F(cli_score_test, every_subcommand_has_help) {
  for (const char* sub : {"", "demo", "score", "simulate"}) {
    const auto r = run(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << sub;
  }
  EXPECT_NE(run("score --map x").exit_code, 0);  // required options missing
}

}  // namespace

namespace {

TEST_F(cli_score_test, as_of_time_shifts_every_weight_alike_and_refuses_the_future) {
  const auto map = write("map.json", map_json);
  const auto ev = write("events.csv", "customer,touchpoint,time,experience\na,web,0,5\na,web,86400,2\nb,web,0,3\n");
  const auto model = write("model.json", R"({"preset": "servqual", "half_life_days": 1})");
  const std::string base = "score --map " + map.string() + " --events " + ev.string() + " --model " + model.string();
  ASSERT_EQ(run(base + " --out " + (m_dir / "latest").string()).exit_code, 0);
  ASSERT_EQ(run(base + " --as-of 1970-01-03 --out " + (m_dir / "asof").string()).exit_code, 0);
  const auto latest = read_csv(m_dir / "latest" / "customers.csv");
  const auto asof = read_csv(m_dir / "asof" / "customers.csv");
  // a: gaps +1/4 at t=0 and -2/4 at t=1 day, half-life 1 day, reference = a's last event:
  // W = 1/2 and 1, S = (0.5 * 0.25 - 0.5) / 1.5 = -0.25.
  EXPECT_NEAR(std::stod(latest[1][1]), -0.25, 1e-15);
  // As of day 2, a's weights are 1/4 and 1/2: the same ratio, the same score. b's single event: -1/4.
  EXPECT_NEAR(std::stod(asof[1][1]), -0.25, 1e-15);
  EXPECT_NEAR(std::stod(asof[2][1]), -0.25, 1e-15);
  const auto future = run(base + " --as-of 1970-01-01T12:00:00Z --out " + (m_dir / "future").string());
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_NE(future.err.find("as-of"), std::string::npos) << future.err;
  EXPECT_FALSE(fs::exists(m_dir / "future"));
}

}  // namespace

namespace {

// One calendar for every time (cxscore/time.hpp): ISO times past 2262 and before 1677 are read as written,
// not wrapped around a 64-bit nanosecond count; and --as-of refuses a later event at its row, with or
// without recency decay.
TEST_F(cli_score_test, as_of_in_the_year_9999_and_events_after_it_named_by_row) {
  const auto map = write("map.json", map_json);
  const auto decay = write("decay.json", R"({"preset": "servqual", "half_life_days": 1})");
  const auto plain = write("plain.json", R"({"preset": "servqual"})");
  // The scores of as_of_time_shifts_every_weight_alike_and_refuses_the_future, 8,000 years later: a's gaps
  // +1/4 and -2/4 one day apart, as of the next day weights 1/4 and 1/2, S = (0.25/4 - 0.5/2) / 0.75 = -0.25.
  const auto late = write("late.csv",
                          "customer,touchpoint,time,experience\na,web,9999-12-29,5\n"
                          "a,web,9999-12-30T00:00:00Z,2\nb,web,9999-12-29T00:00:00+00:00,3\n");
  const std::string base = "score --map " + map.string() + " --model " + decay.string();
  ASSERT_EQ(run(base + " --events " + late.string() + " --as-of 9999-12-31 --out " + (m_dir / "late").string()), 0);
  const auto rows = read_csv(m_dir / "late" / "customers.csv");
  EXPECT_NEAR(std::stod(rows[1][1]), -0.25, 1e-12);
  // b's single event at 9999-12-29, two days before: -1/4 whatever its weight.
  EXPECT_NEAR(std::stod(rows[2][1]), -0.25, 1e-12);

  // 1600 is in the calendar too: read and scored as written (before 1677, a 64-bit count of nanoseconds wraps).
  const auto old = write("old.csv", "customer,touchpoint,time,experience\na,web,1600-01-01,5\na,web,1600-01-02,2\n");
  ASSERT_EQ(run(base + " --events " + old.string() + " --as-of 1600-01-03 --out " + (m_dir / "old").string()), 0);
  EXPECT_NEAR(std::stod(read_csv(m_dir / "old" / "customers.csv")[1][1]), -0.25, 1e-12);

  const auto ev = write("events.csv", "customer,touchpoint,time,experience\na,web,0,5\na,web,86400,2\nb,web,0,3\n");
  // Events of 1970 as of 9999-12-31 (a half-life of 10^9 days keeps the weights near 1): a's two weights
  // 2^(-t/half-life) differ by the factor 2^(1/10^9), so S = (0.25 - 0.5) / 2 = -0.125 to about 1e-10.
  const auto slow = write("slow.json", R"({"preset": "servqual", "half_life_days": 1e9})");
  ASSERT_EQ(run("score --map " + map.string() + " --model " + slow.string() + " --events " + ev.string() +
                " --as-of 9999-12-31 --out " + (m_dir / "far").string()),
            0)
      << err();
  EXPECT_NEAR(std::stod(read_csv(m_dir / "far" / "customers.csv")[1][1]), -0.125, 1e-9);

  for (const auto& model : {decay, plain}) {
    const auto r = run("score --map " + map.string() + " --model " + model.string() + " --events " + ev.string() +
                       " --as-of 1970-01-01T12:00:00Z --out " + (m_dir / "future").string());
    EXPECT_EQ(r.exit_code, 2) << model;
    EXPECT_NE(r.err.find("events.csv, row 3, column 'time', value '86400': an event after the as-of time "
                         "1970-01-01T12:00:00Z"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "future"));
  }
  // --lenient: the later event is a bad row like any other, skipped and listed.
  ASSERT_EQ(run("score --lenient --map " + map.string() + " --model " + plain.string() + " --events " + ev.string() +
                " --as-of 1970-01-01T12:00:00Z --out " + (m_dir / "lenient").string()),
            0);
  const auto rejected = read_csv(m_dir / "lenient" / "rejected.csv");
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[1][1], "3");
  EXPECT_EQ(rejected[1][3], "86400");

  // Outside the calendar: refused, --as-of or a cell, with the reason.
  const std::vector<std::pair<std::string, std::string>> refused = {
      {" --events " + ev.string() + " --as-of 1e12", "--as-of, value '1e12': beyond the year 9999"},
      {" --events " + ev.string() + " --as-of 0000-12-31", "--as-of, value '0000-12-31': before the year 1"},
      {" --events " + ev.string() + " --as-of 10000-01-01", "--as-of, value '10000-01-01': unparsable time"},
      {" --events " + write("e0.csv", "customer,touchpoint,time,experience\na,web,0,5\na,web,0000-06-01,2\n").string(),
       "e0.csv, row 3, column 'time', value '0000-06-01': before the year 1"},
  };
  for (const auto& [args, message] : refused) {
    const auto r = run("score --map " + map.string() + " --model " + plain.string() + args + " --out " +
                       (m_dir / "refused").string());
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(m_dir / "refused"));
  }
}

}  // namespace
