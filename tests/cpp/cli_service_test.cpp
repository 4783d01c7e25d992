// `cxscore service` and `cxscore owners` end to end: service.csv against a brute-force attribution of the
// events, owners.csv against the `score` command's owner table and against service.csv, the trend table's
// counts against the events, bad inputs refused with exit code 2 and nothing written, and the demo's new
// sections.
#include <gtest/gtest.h>

#include "support/cli_fixture.hpp"
#include "support/journey_logs.hpp"
#include "support/reference_service.hpp"
#include "support/test_data.hpp"

#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace {

using cli_service_test = cxscore_test::cli_fixture;
namespace fs = std::filesystem;
using cxscore_test::read_csv;
using cxscore_test::slurp;

// Simulates a brand into dir/sim and returns the common input options.
std::string simulated_inputs(cli_service_test& t, int customers) {
  const auto sim = t.dir() / "sim";
  EXPECT_EQ(t.run("simulate --customers " + std::to_string(customers) + " --seed 3 --out " + sim.string()).exit_code,
            0);
  return "--map " + (sim / "map.json").string() + " --events " + (sim / "events.csv").string() + " --customers " +
         (sim / "customers.csv").string() + " --model " + (sim / "model.json").string();
}

TEST_F(cli_service_test, service_csv_matches_a_brute_force_attribution) {
  const std::string inputs = simulated_inputs(*this, 400);
  for (const std::string window : {"2", "0.5", "inf"}) {
    const auto out = dir() / ("service_" + window);
    const auto r = run(cxscore_test::concat({"service ", inputs, " --window-days ", window, " --out ", out.string()}));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto map = cxscore::read_map_json(dir() / "sim" / "map.json");
    const auto events = cxscore::read_events_csv(dir() / "sim" / "events.csv", map).events;
    const auto ref = cxscore_test::reference_service(events.view(), map, std::stod(window));
    const auto rows = read_csv(out / "service.csv");
    ASSERT_EQ(rows[0], (std::vector<std::string>{"touchpoint", "unmet_visits", "rate_unmet", "rate_met", "excess",
                                                 "caused_contacts", "ci_low", "ci_high"}));
    ASSERT_EQ(rows.size(), ref.size() + 1) << "one row per visited experience touchpoint";
    double previous = INFINITY;
    for (std::size_t k = 1; k < rows.size(); ++k) {
      const auto& row = rows[k];
      const auto& e = ref.at(*map.find(row[0]));
      const std::string where = window + " " + row[0];
      EXPECT_EQ(std::stod(row[1]), e.unmet_visits) << where;
      EXPECT_NEAR(std::stod(row[2]), e.rate_unmet, 1e-15) << where;
      EXPECT_NEAR(std::stod(row[3]), e.rate_met, 1e-15) << where;
      EXPECT_NEAR(std::stod(row[4]), e.excess, 1e-15) << where;
      EXPECT_NEAR(std::stod(row[5]), e.caused, 1e-12) << where;
      EXPECT_NEAR(std::stod(row[6]), e.ci_low, 1e-12) << where;
      EXPECT_NEAR(std::stod(row[7]), e.ci_high, 1e-12) << where;
      EXPECT_LE(std::stod(row[5]), previous) << "ranked by caused contacts";
      previous = std::stod(row[5]);
    }
    const std::string report = slurp(out / "service_report.txt");
    EXPECT_EQ(report, r.out.substr(0, report.size())) << "the printed report is the file";
    // The brand figure, "... contacts over ... months; 74.6% of them [72.5%, 76.7%] explained", against
    // the plain unpooled fit of its model.
    const auto fit = cxscore_test::reference_explained(events.view(), map, std::stod(window));
    const auto at = report.find("% of them [");
    ASSERT_NE(at, std::string::npos) << report;
    const double printed = std::stod(report.substr(report.rfind(' ', at) + 1));
    EXPECT_NEAR(printed, 100 * fit.explained / fit.contacts, 0.05 + 1e-6) << window;
    for (const auto& [t, e] : ref) EXPECT_NE(report.find(map[t].name), std::string::npos) << map[t].name;
  }
}

TEST_F(cli_service_test, owners_tables_agree_with_the_score_command_and_the_attribution) {
  const std::string inputs = simulated_inputs(*this, 600);
  ASSERT_EQ(run("score " + inputs + " --out " + (dir() / "score").string()).exit_code, 0);
  const auto r = run("owners " + inputs + " --period week --out " + (dir() / "owners").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto map = cxscore::read_map_json(dir() / "sim" / "map.json");
  const double lambda = 2.25;  // the simulator's model is the prospect preset

  // From score: each owner's count and mean value (-> index) and impact; from the library's attribution of
  // the same events: the contacts each touchpoint explains (the brand figure's model).
  std::map<std::string, std::vector<std::string>> scored;
  double total_impact = 0;
  for (const auto& row : read_csv(dir() / "score" / "owners.csv"))
    if (row[0] != "owner") scored[row[0]] = row, total_impact += std::stod(row[6]);
  std::map<std::string, double> caused;
  const auto attribution =
      cxscore::attribute_service_demand(cxscore::read_events_csv(dir() / "sim" / "events.csv", map).events.view(), map);
  for (cxscore::touchpoint_code t = 0; t < map.size(); ++t) {
    const double c = attribution.brand.caused(t, attribution.by_touchpoint[t].unmet_visits);
    if (map[t].role == cxscore::role::experience && !std::isnan(c)) caused[map[t].owner] += c;
  }

  const auto owners = read_csv(dir() / "owners" / "owners.csv");
  ASSERT_EQ(owners[0][0], "owner");
  ASSERT_EQ(owners[0][6], "impact_points");
  ASSERT_EQ(owners[0][12], "verdict");
  ASSERT_EQ(owners.size(), scored.size() + 1);
  std::map<std::string, std::uint64_t> trend_count;
  for (const auto& row : read_csv(dir() / "owners" / "owner_trend.csv"))
    if (row[0] != "owner") trend_count[row[0]] += std::stoull(row[4]);
  const std::string owners_text = slurp(dir() / "owners" / "owners.csv");
  double shares = 0;
  for (std::size_t k = 1; k < owners.size(); ++k) {
    const auto& row = owners[k];
    const auto& s = scored.at(row[0]);
    EXPECT_EQ(row[2], s[1]) << row[0];  // encounters
    const double mean_value = std::stod(s[3]);
    EXPECT_NEAR(std::stod(row[3]), mean_value >= 0 ? 50 + 50 * mean_value : 50 + 50 * mean_value / lambda, 1e-10);
    EXPECT_NEAR(std::stod(row[4]), std::stod(s[4]), 1e-15) << row[0];  // unmet share
    EXPECT_NEAR(std::stod(row[5]), std::stod(s[6]), 1e-15) << row[0];  // impact
    EXPECT_NEAR(std::stod(row[6]), std::stod(s[8]), 1e-12) << row[0];  // its points, as score's owners.csv
    EXPECT_NEAR(std::stod(row[6]), 50 * std::stod(s[6]) / lambda, 1e-12) << row[0];
    EXPECT_NEAR(std::stod(row[7]), std::stod(s[6]) / total_impact, 1e-12) << row[0];
    EXPECT_NEAR(std::stod(row[8]), caused[row[0]], 1e-9) << row[0];
    EXPECT_EQ(trend_count[row[0]], std::stoull(row[2])) << "every encounter lies in one week";
    shares += std::stod(row[7]);
    EXPECT_NE(owners_text.find(",\"" + row[0] + ": "), std::string::npos) << "verdict, quoted (it has commas)";
  }
  EXPECT_NEAR(shares, 1.0, 1e-12);
  EXPECT_NE(r.out.find("Owner scorecards"), std::string::npos);
  EXPECT_EQ(slurp(dir() / "owners" / "owners_report.txt"), r.out.substr(0, r.out.find("wrote ")));
}

TEST_F(cli_service_test, service_and_owners_refuse_bad_input_with_exit_2_and_write_nothing) {
  const std::string map = write("map.json", R"({"touchpoints": [{"name": "delivery", "promise": 3},
      {"name": "support", "role": "service", "promise": 3}]})")
                              .string();
  const std::string h = "customer,touchpoint,time,experience\n";
  const std::string good = write("good.csv", h + "a,delivery,0,2\na,support,60,4\n").string();
  struct bad_case {
    std::string name, args, expect;
  };
  const std::vector<bad_case> cases{
      {"unknown touchpoint", "service --map " + map + " --events " + write("e1.csv", h + "a,shop,0,4\n").string(),
       "e1.csv, row 2, column 'touchpoint', value 'shop'"},
      {"experience off the scale",
       "owners --map " + map + " --events " + write("e2.csv", h + "a,delivery,0,9\n").string(),
       "e2.csv, row 2, column 'experience', value '9'"},
      {"unparsable time", "service --map " + map + " --events " + write("e3.csv", h + "a,delivery,soon,4\n").string(),
       "column 'time', value 'soon'"},
      {"no events", "owners --map " + map + " --events " + write("e4.csv", h).string(), "no events"},
      {"window of 0 days", "service --map " + map + " --events " + good + " --window-days 0", "--window-days"},
      {"negative window", "owners --map " + map + " --events " + good + " --window-days -3", "window"},
      // A bad flag is refused before the events are read, in memory and in buckets alike: here the events hold
      // a bad row too, and the flag is the error.
      {"negative window and a bad row",
       "owners --map " + map + " --events " + write("e5.csv", h + "a,delivery,0,9\n").string() + " --window-days -3",
       "--window-days, column 'window_days', value '-3'"},
      {"negative window and a bad row, in buckets",
       "owners --buckets 3 --map " + map + " --events " + write("e6.csv", h + "a,delivery,0,9\n").string() +
           " --window-days -3",
       "--window-days, column 'window_days', value '-3'"},
      {"unknown period", "owners --map " + map + " --events " + good + " --period fortnight", "value 'fortnight'"},
      {"fdr of 0", "owners --map " + map + " --events " + good + " --fdr 0", "false-discovery rate must"},
      {"negative minimum effect", "owners --map " + map + " --events " + good + " --min-effect -1",
       "minimum effect must"},
      {"bad customer weight",
       "owners --map " + map + " --events " + good + " --customers " +
           write("c.csv", "customer,weight\na,-1\n").string(),
       "c.csv, row 2, column 'weight', value '-1'"},
  };
  for (const auto& c : cases) {
    const auto out = dir() / "out_bad";
    const auto r = run(c.args + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << c.name << "\n" << r.err;
    EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.name << ": stderr was\n" << r.err;
    EXPECT_FALSE(fs::exists(out)) << c.name << ": output left behind";
  }
  for (const char* sub : {"service", "owners"}) {
    const auto help = run(std::string(sub) + " --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--window-days"), std::string::npos) << sub;
  }
}

TEST_F(cli_service_test, demo_report_has_the_service_and_owner_sections) {
  const auto r = run("demo --customers 3000 --seed 4");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* part :
       {"Service demand", "explained by upstream unmet expectations", "Owner scorecards", "logistics: ", "causes ~"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  // The simulator's three triggers head the service ranking.
  const auto at = r.out.find("Service demand");
  std::set<std::string> top;
  std::istringstream lines(r.out.substr(at));
  for (std::string line; std::getline(lines, line);)
    for (const char* rank : {"   1  ", "   2  ", "   3  "})
      if (line.rfind(rank, 0) == 0) top.insert(line.substr(6, line.find(' ', 6) - 6));
  EXPECT_EQ(top, (std::set<std::string>{"delivery", "product_use", "billing"})) << r.out.substr(at);
}

TEST_F(cli_service_test, lenient_service_owners_and_monitor_skip_bad_rows_list_them_and_equal_a_clean_run) {
  const std::string map = write("map.json", R"({"touchpoints": [{"name": "delivery", "promise": 3},
      {"name": "support", "role": "service", "promise": 3}]})")
                              .string();
  const std::string h = "customer,touchpoint,time,experience\n";
  const std::string rows = "a,delivery,0,2\na,support,3600,4\nb,delivery,0,4\nb,support,7200,3\nc,delivery,86400,1\n";
  const std::string clean = write("clean.csv", h + rows).string();
  // Row 3 names an unknown touchpoint, row 5 rates off the scale; the customers file's row 3 has a bad weight.
  const std::string dirty = write("dirty.csv", h + "a,delivery,0,2\nx,shop,0,4\na,support,3600,4\nb,delivery,0,9\n"
                                                   "b,delivery,0,4\nb,support,7200,3\nc,delivery,86400,1\n")
                                .string();
  const std::string customers = write("customers.csv", "customer,weight\na,2\nb,-1\nc,1\n").string();
  const std::string clean_customers = write("clean_customers.csv", "customer,weight\na,2\nc,1\n").string();
  struct command {
    std::string name, options;
    std::vector<std::string> files;
  };
  const std::vector<command> commands{
      {"service", "", {"service.csv", "service_report.txt"}},
      {"owners", " --period day", {"owners.csv", "owner_trend.csv", "owners_report.txt"}},
      {"monitor", " --window day", {"brand_trend.csv", "touchpoint_trend.csv", "monitor_report.txt"}},
  };
  for (const auto& c : commands) {
    const auto lenient = dir() / (c.name + "_lenient"), strict = dir() / (c.name + "_clean");
    const auto r = run(cxscore_test::concat({c.name, " --map ", map, " --events ", dirty, " --customers ", customers,
                                             c.options, " --lenient --out ", lenient.string()}));
    ASSERT_EQ(r.exit_code, 0) << c.name << "\n" << r.err;
    EXPECT_NE(r.out.find("skipped 3 bad rows (listed in " + lenient.string() + "/rejected.csv)"), std::string::npos)
        << c.name << "\n"
        << r.out;
    const auto rejected = read_csv(lenient / "rejected.csv");
    ASSERT_EQ(rejected.size(), 4u) << c.name;
    EXPECT_EQ(rejected[0], (std::vector<std::string>{"file", "row", "column", "value", "reason"}));
    EXPECT_EQ(rejected[1][1], "3") << c.name;
    EXPECT_EQ(rejected[1][2], "touchpoint");
    EXPECT_EQ(rejected[1][3], "shop");
    EXPECT_EQ(rejected[2][1], "5") << c.name;
    EXPECT_EQ(rejected[2][2], "experience");
    EXPECT_EQ(rejected[3][0], customers);
    EXPECT_EQ(rejected[3][1], "3");
    EXPECT_EQ(rejected[3][2], "weight");
    // Customer b lost its weight row: weight 1, as in a customers file without it.
    ASSERT_EQ(run(cxscore_test::concat({c.name, " --map ", map, " --events ", clean, " --customers ", clean_customers,
                                        c.options, " --out ", strict.string()})),
              0)
        << err();
    for (const auto& file : c.files) EXPECT_EQ(slurp(lenient / file), slurp(strict / file)) << c.name << " " << file;
    EXPECT_FALSE(fs::exists(strict / "rejected.csv"));
    // Without --lenient the first bad row stops the command and nothing is written.
    const auto out = dir() / (c.name + "_strict");
    EXPECT_EQ(run(cxscore_test::concat({c.name, " --map ", map, " --events ", dirty, " --out ", out.string()})), 2)
        << c.name;
    EXPECT_NE(err().find("dirty.csv, row 3, column 'touchpoint', value 'shop'"), std::string::npos) << err();
    EXPECT_FALSE(fs::exists(out));
  }
  // A lenient run without bad rows still writes an empty rejected.csv and says so.
  const auto r = run("service --map " + map + " --events " + clean + " --lenient --out " + (dir() / "none").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("skipped 0 bad rows\n"), std::string::npos) << r.out;
  EXPECT_EQ(read_csv(dir() / "none" / "rejected.csv").size(), 1u);
}

TEST_F(cli_service_test, real_logs_explain_empty_and_undefined_results_in_words) {
  const std::string columns = " --columns customer=case_id,touchpoint=activity,time=timestamp";
  auto inputs = [](const std::string& name) {
    return "--map " + (fs::path(CXSCORE_SOURCE_DIR) / "examples" / "data" / (name + "_map.json")).string() +
           " --events " + cxscore_test::data_file(name + ".csv.gz").string();
  };
  // helpdesk: every touchpoint of its map is a service one, so nothing can be attributed: said in words,
  // and service.csv has its header only.
  const auto helpdesk = run("service " + inputs("helpdesk") + columns + " --out " + (dir() / "h").string());
  ASSERT_EQ(helpdesk.exit_code, 0) << helpdesk.err;
  EXPECT_NE(helpdesk.out.find("nothing to attribute: every touchpoint of the map is a service one"), std::string::npos)
      << helpdesk.out;
  EXPECT_EQ(read_csv(dir() / "h" / "service.csv").size(), 1u);
  // Its contacts are its events, counted here by the event-log reader (one row per event) on the same file:
  // the touchpoints measured by two signals (waiting and rework) are scored twice but contacted once.
  const auto log = cxscore_test::real_log("helpdesk.csv.gz");
  ASSERT_TRUE(log);
  std::map<std::string, std::uint64_t> events_at;
  for (const auto t : log->touchpoint) ++events_at[log->touchpoints[t]];
  ASSERT_EQ(events_at.size(), 14u);
  EXPECT_EQ(events_at.at("Take in charge ticket"), 5060u);
  const std::size_t listed = helpdesk.out.find("Contacts by service touchpoint:");
  ASSERT_NE(listed, std::string::npos) << helpdesk.out;
  std::uint64_t all = 0;
  for (const auto& [name, count] : events_at) {
    const std::size_t line = helpdesk.out.find("    " + name + " ", listed);
    ASSERT_NE(line, std::string::npos) << name;
    EXPECT_EQ(std::stoull(helpdesk.out.substr(line + 4 + name.size())), count) << name;
    all += count;
  }
  EXPECT_EQ(all, log->size());
  EXPECT_NE(helpdesk.out.find(std::to_string(all) + " service contacts over"), std::string::npos) << helpdesk.out;
  // BPIC 2012: no undefined number reaches the text; the brand share's interval lies inside [0%, 100%] around
  // the share; rows without unmet visits say so, and their cells in service.csv are empty.
  const auto bpic = run("service " + inputs("bpic2012") + columns + " --out " + (dir() / "b").string());
  ASSERT_EQ(bpic.exit_code, 0) << bpic.err;
  for (const char* undefined : {"nan", "inf"}) EXPECT_EQ(bpic.out.find(undefined), std::string::npos) << bpic.out;
  double share = 0, low = 0, high = 0;
  const auto at = bpic.out.find("% of them [");
  ASSERT_NE(at, std::string::npos) << bpic.out;
  const auto from = bpic.out.rfind(' ', at) + 1;
  ASSERT_EQ(std::sscanf(bpic.out.c_str() + from, "%lf%% of them [%lf%%, %lf%%]", &share, &low, &high), 3) << bpic.out;
  EXPECT_GE(low, 0.0);
  EXPECT_LE(low, share);
  EXPECT_LE(share, high);
  EXPECT_LE(high, 100.0);
  std::size_t never_unmet = 0;
  const auto csv = read_csv(dir() / "b" / "service.csv");
  ASSERT_EQ(csv[0][1], "unmet_visits");
  ASSERT_EQ(csv[0][4], "excess");
  for (std::size_t k = 1; k < csv.size(); ++k) {
    const auto& row = csv[k];
    if (row[1] != "0") continue;
    ++never_unmet;
    EXPECT_EQ(row[4], "") << row[0];
    const auto line = bpic.out.find("  " + row[0] + " ");
    ASSERT_NE(line, std::string::npos) << row[0];
    EXPECT_NE(bpic.out.substr(line, bpic.out.find('\n', line) - line).find("(never unmet)"), std::string::npos);
  }
  EXPECT_EQ(never_unmet, 5u);
}

TEST_F(cli_service_test, demo_names_the_denominator_of_every_unmet_share) {
  // The report's tables give the share of encounters; a verdict gives the share of customers and, beside
  // it, the share of encounters, which is the very figure of the owner's touchpoint row above.
  const auto r = run("demo");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(of enc.)"), std::string::npos) << r.out;
  const auto verdict = r.out.find("- ecommerce: website_browse promise unmet for ");
  ASSERT_NE(verdict, std::string::npos) << r.out;
  double customers = 0, encounters = 0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + verdict,
                        "- ecommerce: website_browse promise unmet for %lf%% of its customers "
                        "(%lf%% of its encounters)",
                        &customers, &encounters),
            2)
      << r.out.substr(verdict, 200);
  const auto row = r.out.find("  website_browse ");
  ASSERT_NE(row, std::string::npos);
  std::istringstream cells(r.out.substr(row, r.out.find('\n', row) - row));
  std::string name, owner, role, count, unmet;
  cells >> name >> owner >> role >> count >> unmet;
  ASSERT_EQ(name, "website_browse");
  EXPECT_GT(customers, encounters);  // a customer with one unmet visit among several counts once
  EXPECT_NEAR(std::stod(unmet), encounters, 0.05) << unmet;
}

TEST_F(cli_service_test, a_small_demo_brands_explained_share_interval_stays_within_0_and_100_percent) {
  // 30 simulated customers, seed 3: 6 service contacts, a share of 58.9% for which share ± 1.96 SE gives
  // [-7.6%, 125.4%]. On the logit scale the interval stays inside (0%, 100%) and around the share.
  const auto r = run("demo --customers 30 --seed 3");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto at = r.out.find("% of them [");
  ASSERT_NE(at, std::string::npos) << r.out;
  double share = 0, low = 0, high = 0;
  ASSERT_EQ(std::sscanf(r.out.c_str() + r.out.rfind(' ', at) + 1, "%lf%% of them [%lf%%, %lf%%]", &share, &low, &high),
            3);
  EXPECT_NEAR(share, 58.9, 0.05);
  EXPECT_GT(low, 0.0);
  EXPECT_LT(low, share);
  EXPECT_GT(high, share);
  EXPECT_LT(high, 100.0);
}

}  // namespace
