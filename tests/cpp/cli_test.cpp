// The `cxscore` command end to end: outputs against an independent implementation of DESIGN.md's
// formulas, every bad input refused with exit code 2 and no output left behind, lenient mode, demo.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct run_result {
  int exit_code;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class cli_test : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("cxscore_cli_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

  fs::path write(const std::string& name, const std::string& content) {
    std::ofstream(m_dir / name, std::ios::binary) << content;
    return m_dir / name;
  }
  run_result run(const std::string& args) {
    const auto out = m_dir / "stdout.txt", err = m_dir / "stderr.txt";
    const std::string cmd = std::string(CXSCORE_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    return {WEXITSTATUS(status), slurp(out), slurp(err)};
  }
  fs::path m_dir;
};

// ---- an independent implementation of the scoring formulas of DESIGN.md, for one small case ----
struct tp_def {
  double lo, hi, sign, promise, weight;
  bool service;
  std::string owner;
};
struct ev_def {
  std::string customer, tp;
  double time, experience, expectation;  // expectation NaN = promise
  std::string dimension;
};

const std::map<std::string, tp_def> tps = {
    {"web", {1, 5, +1, 4, 1.0, false, "ecommerce"}},
    {"delivery", {0, 240, -1, 48, 2.0, false, "logistics"}},
    {"survey", {1, 7, +1, NAN, 1.0, false, "ecommerce"}},
    {"support", {1, 5, +1, 3, 1.5, true, "care"}},
};
const double alpha = 0.8, beta = 0.9, lambda = 2.5, recovery = 0.4, half_life = 10, pi = 0.3;
const std::map<std::string, double> model_weights = {{"survey", 3.0}};
const std::map<std::string, double> dimension_weights = {{"empathy", 2.0}};
const std::map<std::string, double> psi = {{"ann", 2.0}, {"bo", 1.0}, {"cy", 0.5}};

std::vector<ev_def> events() {
  const double day = 86400;
  return {
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
}

double value_of(const ev_def& e) {
  const tp_def& t = tps.at(e.tp);
  const double expected = std::isnan(e.expectation) ? t.promise : e.expectation;
  const double g = std::clamp(t.sign * (e.experience - expected) / (t.hi - t.lo), -1.0, 1.0);
  double v = g >= 0 ? std::pow(g, alpha) : -lambda * std::pow(-g, beta);
  if (t.service && v > 0) v *= recovery;
  return v;
}

double gap_of(const ev_def& e) {
  const tp_def& t = tps.at(e.tp);
  const double expected = std::isnan(e.expectation) ? t.promise : e.expectation;
  return t.sign * (e.experience - expected) / (t.hi - t.lo);
}

struct reference {
  std::map<std::string, double> score;
  std::map<std::string, double> contribution, impact;  // by touchpoint
  double brand = 0;
};

reference compute_reference() {
  reference r;
  const auto evs = events();
  double psi_total = 0;
  for (const auto& [c, w] : psi) psi_total += w;
  for (const auto& [c, w] : psi) {
    std::vector<const ev_def*> mine;
    for (const auto& e : evs)
      if (e.customer == c) mine.push_back(&e);
    double t_ref = -1e300;
    for (auto* e : mine) t_ref = std::max(t_ref, e->time);
    std::vector<double> W;
    double sw = 0, swv = 0;
    for (auto* e : mine) {
      double w_t = model_weights.count(e->tp) ? model_weights.at(e->tp) : tps.at(e->tp).weight;
      double w_d = dimension_weights.count(e->dimension) ? dimension_weights.at(e->dimension) : 1.0;
      W.push_back(w_t * w_d * std::pow(2.0, -(t_ref - e->time) / (half_life * 86400)));
      sw += W.back();
      swv += W.back() * value_of(*e);
    }
    const double s = swv / sw;
    // Peak: largest |v|, earliest on a tie; end: latest time, last in input order on a tie.
    const ev_def* peak = mine[0];
    const ev_def* end = mine[0];
    for (auto* e : mine) {
      if (std::abs(value_of(*e)) > std::abs(value_of(*peak))) peak = e;
      if (e->time >= end->time) end = e;
    }
    r.score[c] = (1 - pi) * s + pi * (value_of(*peak) + value_of(*end)) / 2;
    r.brand += w * s / psi_total;
    for (std::size_t k = 0; k < mine.size(); ++k) {
      const double v = value_of(*mine[k]);
      r.contribution[mine[k]->tp] += w * W[k] / sw * v / psi_total;
      r.impact[mine[k]->tp] += w * W[k] / sw * std::min(v, 0.0) / psi_total;
    }
  }
  return r;
}

std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(p));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) f.push_back(cell);
    if (!line.empty() && line.back() == ',') f.emplace_back();
    rows.push_back(f);
  }
  return rows;
}

const char* map_json = R"({"name": "cli", "touchpoints": [
  {"name": "web", "owner": "ecommerce", "promise": 4},
  {"name": "delivery", "owner": "logistics", "scale": [0, 240], "direction": "lower", "promise": 48, "weight": 2},
  {"name": "survey", "owner": "ecommerce", "scale": [1, 7]},
  {"name": "support", "owner": "care", "role": "service", "promise": 3, "weight": 1.5}]})";
const char* model_json = R"({"alpha": 0.8, "beta": 0.9, "lambda": 2.5, "recovery": 0.4, "half_life_days": 10,
  "peak_end": 0.3, "weights": {"survey": 3}, "dimension_weights": {"empathy": 2}})";

std::string events_csv() {
  std::string s = "customer,touchpoint,time,experience,expectation,dimension\n";
  for (const auto& e : events()) {
    std::ostringstream row;
    row.precision(17);
    row << e.customer << ',' << e.tp << ',' << e.time << ',' << e.experience << ',';
    if (!std::isnan(e.expectation)) row << e.expectation;
    row << ',' << e.dimension << '\n';
    s += row.str();
  }
  return s;
}

TEST_F(cli_test, score_matches_the_formulas_with_every_feature) {
  const auto map = write("map.json", map_json);
  const auto model = write("model.json", model_json);
  const auto ev = write("events.csv", events_csv());
  const auto cust = write("customers.csv", "customer,weight,segment\nann,2,gold\nbo,1,basic\ncy,0.5,basic\n");
  const auto out = m_dir / "out";
  const auto r = run("score --map " + map.string() + " --events " + ev.string() + " --customers " + cust.string() +
                     " --model " + model.string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const reference ref = compute_reference();

  const auto customers = read_csv(out / "customers.csv");
  ASSERT_EQ(customers[0], (std::vector<std::string>{"customer", "score", "index", "events"}));
  ASSERT_EQ(customers.size(), 4u);
  for (std::size_t k = 1; k < customers.size(); ++k) {
    const std::string& c = customers[k][0];
    const double s = std::stod(customers[k][1]);
    EXPECT_NEAR(s, ref.score.at(c), 1e-12) << c;
    const double index = s >= 0 ? 50 + 50 * s : 50 + 50 * s / lambda;
    EXPECT_NEAR(std::stod(customers[k][2]), index, 1e-9) << c;
  }
  EXPECT_EQ(customers[1][3], "5");  // ann's events

  const auto touchpoints = read_csv(out / "touchpoints.csv");
  ASSERT_EQ(touchpoints[0], (std::vector<std::string>{"touchpoint", "count", "mean_gap", "mean_value", "unmet_share",
                                                      "contribution", "impact"}));
  double total = 0;
  for (std::size_t k = 1; k < touchpoints.size(); ++k) {
    const std::string& t = touchpoints[k][0];
    EXPECT_NEAR(std::stod(touchpoints[k][5]), ref.contribution.at(t), 1e-12) << t;
    EXPECT_NEAR(std::stod(touchpoints[k][6]), ref.impact.at(t), 1e-12) << t;
    total += std::stod(touchpoints[k][5]);
  }
  EXPECT_NEAR(total, ref.brand, 1e-12);
  // web: gaps ann +1/4, bo -1/4 (expectation 3, experience 2), cy 0; psi 2, 1, 0.5.
  EXPECT_EQ(touchpoints[1][0], "web");
  EXPECT_NEAR(std::stod(touchpoints[1][2]), (2 * 0.25 - 0.25 + 0) / 3.5, 1e-12);
  EXPECT_NEAR(std::stod(touchpoints[1][4]), 1 / 3.5, 1e-12);
  // delivery: ann 72 h vs 48 promised (g = -24/240), bo 30 h (g = +18/240).
  EXPECT_NEAR(std::stod(touchpoints[2][2]), (2 * -0.1 + 1 * 0.075) / 3, 1e-12);
  (void)gap_of;

  const std::string summary = slurp(out / "summary.json");
  EXPECT_NE(summary.find("\"brand_score\""), std::string::npos);
  for (const char* f : {"owners.csv", "phases.csv", "channels.csv", "segments.csv"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  const auto owners = read_csv(out / "owners.csv");
  EXPECT_EQ(owners[0][0], "owner");
  EXPECT_EQ(owners.size(), 4u);  // ecommerce, logistics, care
  const auto segments = read_csv(out / "segments.csv");
  EXPECT_EQ(segments.size(), 4u);  // unassigned (none here), gold, basic
  EXPECT_FALSE(fs::exists(out / "rejected.csv"));
}

TEST_F(cli_test, every_bad_input_exits_2_names_the_place_and_leaves_no_output) {
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
      {"duplicate header", "--map " + good_map + " --events " + ev("e9.csv", "customer,touchpoint,time,experience,customer\n"),
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
      {"lambda <= 0", "--map " + good_map + " --events " + good_events + " --model " + model("p1.json", R"({"lambda": 0})"),
       "lambda"},
      {"alpha > 1", "--map " + good_map + " --events " + good_events + " --model " + model("p2.json", R"({"alpha": 1.2})"),
       "alpha"},
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
       "--map " + map("m5.json", R"({"touchpoints": [{"name": "web", "promise": 3, "weight": 0}, {"name": "app", "promise": 3}]})") +
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

TEST_F(cli_test, lenient_mode_writes_rejected_rows_and_says_how_many) {
  const auto map = write("map.json", map_json);
  const auto ev = write("events.csv",
                        "customer,touchpoint,time,experience\na,web,0,4\nb,moon,0,4\nc,web,0,99\nd,web,0,5\n");
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

TEST_F(cli_test, simulate_then_score_and_demo_run) {
  const auto sim = m_dir / "sim";
  auto r = run("simulate --customers 300 --seed 5 --out " + sim.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"map.json", "events.csv", "customers.csv", "outcomes.csv", "truth.json"})
    EXPECT_TRUE(fs::exists(sim / f)) << f;
  const auto out = m_dir / "out";
  r = run("score --map " + (sim / "map.json").string() + " --events " + (sim / "events.csv").string() +
          " --customers " + (sim / "customers.csv").string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_csv(out / "customers.csv").size(), 301u);
  // Identical seeds give identical files.
  const auto sim2 = m_dir / "sim2";
  ASSERT_EQ(run("simulate --customers 300 --seed 5 --out " + sim2.string()).exit_code, 0);
  EXPECT_EQ(slurp(sim / "events.csv"), slurp(sim2 / "events.csv"));

  r = run("demo --customers 500");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part : {"Brand score", "Fix first", "Owners' scorecard", "Where the loss happens"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
}

TEST_F(cli_test, every_subcommand_has_help) {
  for (const char* sub : {"", "demo", "score", "simulate"}) {
    const auto r = run(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << sub;
  }
  EXPECT_NE(run("score --map x").exit_code, 0);  // required options missing
}

}  // namespace

namespace {

TEST_F(cli_test, as_of_time_shifts_every_weight_alike_and_refuses_the_future) {
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
