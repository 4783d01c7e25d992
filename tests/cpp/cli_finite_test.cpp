// `cxscore` end to end on the "finite or refused" rule: valid inputs whose quantities are undefined (an
// owner without encounters, a touchpoint without unmet visits, a window of one encounter) and random valid
// inputs write no nan or inf anywhere; parameters so large that scores would overflow are refused with
// exit code 2 naming the key; NaN cells and quoted ids are not silently changed; command-line errors
// exit 2.
#include <gtest/gtest.h>

#include "support/cli_fixture.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <random>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

using cli_finite_test = cxscore_test::cli_fixture;
namespace fs = std::filesystem;
using cxscore_test::read_csv;
using cxscore_test::slurp;

// "nan", "-nan", "inf", "-inf" (any case) as a word of their own in the file, or in any file of the folder.
std::string non_finite_in(const fs::path& path) {
  static const std::regex word("(^|[^a-z])-?(nan|inf|infinity)([^a-z]|$)");
  std::vector<fs::path> files;
  if (fs::is_regular_file(path))
    files.push_back(path);
  else
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path());
  std::string found;
  for (const auto& file : files) {
    std::string text = slurp(file);
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::smatch m;
    if (std::regex_search(text, m, word)) found += file.filename().string() + ": '" + m.str() + "'\n";
  }
  return found;
}

// Three owners: finance's billing is never visited, web is never unmet, and March holds one encounter.
const std::string sparse_map = R"({"name": "sparse", "scale": [1, 5], "touchpoints": [
  {"name": "web", "owner": "shop", "promise": 3},
  {"name": "billing", "owner": "finance", "promise": 3},
  {"name": "support", "role": "service", "owner": "care", "promise": 3}]})";
const std::string sparse_events =
    "customer,touchpoint,time,experience\n"
    "a,web,2026-01-05T09:00:00Z,4\n"
    "a,support,2026-01-05T12:00:00Z,2\n"
    "b,web,2026-01-20T09:00:00Z,5\n"
    "b,web,2026-02-03T09:00:00Z,3\n"
    "c,web,2026-03-10T09:00:00Z,4\n";

TEST_F(cli_finite_test, undefined_quantities_are_written_as_empty_cells_or_n_a) {
  const std::string in =
      "--map " + write("map.json", sparse_map).string() + " --events " + write("events.csv", sparse_events).string();
  for (const std::string command : {"score --report", "service", "owners", "monitor"}) {
    const auto out = dir() / ("out_" + command.substr(0, command.find(' ')));
    const auto r = run(command + " " + in + " --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_EQ(non_finite_in(out), "") << command;
    EXPECT_EQ(non_finite_in(dir() / "stdout.txt"), "") << command << ": " << r.out;
  }
  // finance has no encounters: its verdict says so, and its index and unmet share are empty cells.
  const auto owners = read_csv(dir() / "out_owners" / "owners.csv");
  const auto finance = std::find_if(owners.begin(), owners.end(), [](const auto& row) { return row[0] == "finance"; });
  ASSERT_NE(finance, owners.end());
  EXPECT_EQ((*finance)[2], "0");
  EXPECT_EQ((*finance)[3], "");
  EXPECT_EQ((*finance)[4], "");
  EXPECT_EQ(finance->back(), "finance: no weighted encounters at its touchpoints");
  const std::string owner_report = slurp(dir() / "out_owners" / "owners_report.txt");
  EXPECT_NE(owner_report.find("n/a"), std::string::npos) << owner_report;
  // web has no unmet visit: its unmet rate and everything built on it are n/a in the text.
  const std::string service_report = slurp(dir() / "out_service" / "service_report.txt");
  EXPECT_NE(service_report.find("n/a"), std::string::npos) << service_report;
  // The last week (of 2026-03-10) holds one encounter: no standard error.
  const auto trend = read_csv(dir() / "out_monitor" / "brand_trend.csv");
  ASSERT_EQ(trend.back()[0], "2026-W11");
  ASSERT_EQ(trend.back()[3], "1");
  EXPECT_EQ(trend.back()[6], "");
}

TEST_F(cli_finite_test, parameters_that_would_overflow_are_refused_naming_the_key) {
  const std::string map = write("map.json", sparse_map).string();
  const std::string events = write("events.csv", sparse_events).string();
  const std::string huge_weight_map = write("huge.json", R"({"touchpoints": [
    {"name": "web", "owner": "shop", "promise": 3, "scale": [1, 5], "weight": 1.797e308}]})")
                                          .string();
  const std::string wide_scale_map = write("wide.json", R"({"touchpoints": [
    {"name": "web", "owner": "shop", "promise": 3, "scale": [-1e308, 1e308]}]})")
                                         .string();
  struct bad_case {
    std::string name, args, expect;
  };
  const std::vector<bad_case> cases = {
      {"lambda 1.797e308",
       "--map " + map + " --events " + events + " --model " + write("m1.json", R"({"lambda": 1.797e308})").string(),
       "column 'lambda', value '1.797e+308'"},
      {"model weight 1.797e308",
       "--map " + map + " --events " + events + " --model " +
           write("m2.json", R"({"weights": {"web": 1.797e308}})").string(),
       "column 'weights.web', value '1.797e+308'"},
      {"dimension weight 2e9",
       "--map " + map + " --events " + events + " --model " +
           write("m3.json", R"({"dimension_weights": {"x": 2e9}})").string(),
       "column 'dimension_weights.x'"},
      {"map weight 1.797e308", "--map " + huge_weight_map + " --events " + events, "weight 1.797e+308"},
      {"scale wider than a double", "--map " + wide_scale_map + " --events " + events, "hi - lo finite"},
      {"customer weight 1e300",
       "--map " + map + " --events " + events + " --customers " + write("c.csv", "customer,weight\na,1e300\n").string(),
       "c.csv, row 2, column 'weight', value '1e300'"},
  };
  for (const auto& c : cases)
    for (const std::string command : {"score", "owners"}) {
      const auto out = dir() / "out_bad";
      const auto r = run(command + " " + c.args + " --out " + out.string());
      EXPECT_EQ(r.exit_code, 2) << c.name << " " << command << "\n" << r.err;
      EXPECT_NE(r.err.find(c.expect), std::string::npos) << c.name << ": stderr was\n" << r.err;
      EXPECT_FALSE(fs::exists(out)) << c.name;
    }
  // The bound itself is accepted and the outputs stay finite.
  const auto out = dir() / "out_bound";
  const auto r = run("score --map " + map + " --events " + events + " --model " +
                     write("m4.json", R"({"lambda": 1e9, "weights": {"web": 1e9}})").string() + " --customers " +
                     write("c2.csv", "customer,weight\na,1e9\nb,1e9\nc,1e9\n").string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(non_finite_in(out), "");
}

TEST_F(cli_finite_test, a_nan_expectation_is_refused_not_taken_as_the_promise) {
  const std::string map = write("map.json", sparse_map).string();
  for (const std::string cell : {"nan", "NaN", "-nan", "inf", "-Infinity"}) {
    const auto events =
        write("e.csv", "customer,touchpoint,time,experience,expectation\na,web,0,4,\nb,web,0,4," + cell + "\n");
    for (const std::string command : {"score", "journeys"}) {
      const auto out = dir() / "out_nan";
      const auto r = run(command + " --map " + map + " --events " + events.string() + " --out " + out.string());
      EXPECT_EQ(r.exit_code, 2) << cell << " " << command << "\n" << r.err;
      EXPECT_NE(r.err.find("row 3, column 'expectation', value '" + cell + "'"), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("not a finite number"), std::string::npos) << r.err;
    }
  }
}

TEST_F(cli_finite_test, quoted_ids_are_kept_as_written_unquoted_ones_trimmed) {
  const auto map = write("map.json", sparse_map);
  const auto events = write("events.csv",
                            "customer,touchpoint,time,experience\n"
                            "\"a\",web,0,4\n\" a\",web,0,4\n\"a \",web,0,4\n a ,web,0,4\n");
  const auto out = dir() / "out";
  const auto r = run("score --map " + map.string() + " --events " + events.string() + " --out " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::multiset<std::string> ids;
  const std::string customers = slurp(out / "customers.csv");
  for (const auto& row : read_csv(out / "customers.csv")) ids.insert(row[0]);
  // "a" and unquoted " a " are one customer with two encounters; " a" and "a " are two more.
  EXPECT_EQ(ids.size(), 4u) << customers;
  EXPECT_EQ(ids.count("a"), 1u) << customers;
  EXPECT_NE(customers.find("\" a\""), std::string::npos) << customers;
  EXPECT_NE(customers.find("\"a \""), std::string::npos) << customers;
}

TEST_F(cli_finite_test, command_line_errors_exit_2_with_a_message_and_help_exits_0) {
  const std::string in = "--map " + write("map.json", sparse_map).string() + " --events " +
                         write("events.csv", sparse_events).string() + " --out " + (dir() / "out").string();
  for (const std::string& args :
       {"score " + in + " --threads -1", "service " + in + " --window-days abc", "monitor " + in + " --z abc",
        "score " + in + " --no-such-option", std::string(), std::string("score --map")}) {
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_EQ(r.err.rfind("error: command line: ", 0), 0u) << args << "\n" << r.err;
    EXPECT_FALSE(fs::exists(dir() / "out")) << args;
  }
  const auto help = run("--help");
  EXPECT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("score"), std::string::npos) << help.out;
  EXPECT_EQ(run("score --help").exit_code, 0);
}

TEST_F(cli_finite_test, encounter_weights_summing_to_0_name_the_customers_first_row) {
  const auto map = write("map.json", R"({"touchpoints": [{"name": "web", "promise": 3, "weight": 0},
                                                          {"name": "app", "promise": 3}]})");
  const auto events = write("events.csv",
                            "customer,touchpoint,time,experience\n"
                            "a,app,0,4\n\nzed,web,0,4\na,web,0,4\nzed,web,1,4\n");
  const auto r =
      run("score --map " + map.string() + " --events " + events.string() + " --out " + (dir() / "out").string());
  EXPECT_EQ(r.exit_code, 2);
  // The blank line counts: zed's first event is on line 4.
  EXPECT_NE(r.err.find("events.csv, row 4, column 'customer', value 'zed': the customer's encounter weights sum to 0"),
            std::string::npos)
      << r.err;
  const auto owners =
      run("owners --map " + map.string() + " --events " + events.string() + " --out " + (dir() / "out").string());
  EXPECT_EQ(owners.exit_code, 2);
  EXPECT_NE(owners.err.find("row 4, column 'customer', value 'zed'"), std::string::npos) << owners.err;
}

// Random valid inputs (extreme but accepted weights, lambda, scales and customer weights; sparse owners,
// touchpoints and windows): every command succeeds and no file holds nan or inf.
TEST_F(cli_finite_test, random_valid_inputs_write_only_finite_numbers) {
  std::mt19937_64 rng(20261203);
  auto pick = [&](const auto& options) {
    return options[std::uniform_int_distribution<std::size_t>(0, options.size() - 1)(rng)];
  };
  auto unit = [&] { return std::uniform_real_distribution<double>(0, 1)(rng); };
  const std::vector<double> weights{0.0, 0.25, 1.0, 3.0, 1e9};
  const std::vector<double> lambdas{1e-9, 0.5, 2.25, 1e9};
  const std::vector<double> widths{1.0, 4.0, 240.0, 1e6};
  const std::vector<std::string> owners{"o1", "o2", "o3"};
  auto num = [](double x) {  // shortest round-trip text: std::to_string would print 1e-9 as 0.000000
    char buf[32];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, x).ptr);
  };
  for (int trial = 0; trial < 12; ++trial) {
    const int touchpoints = 1 + static_cast<int>(rng() % 5);
    std::string map = R"({"name": "random", "touchpoints": [)";
    std::vector<std::pair<double, double>> scales;
    std::vector<bool> has_promise;
    for (int t = 0; t < touchpoints; ++t) {
      const double lo = pick(std::vector<double>{0.0, 1.0, -5.0}), hi = lo + pick(widths);
      scales.emplace_back(lo, hi);
      has_promise.push_back(unit() < 0.7);
      map += std::string(t ? ", " : "") + R"({"name": "t)" + std::to_string(t) + R"(", "owner": ")" + pick(owners) +
             R"(", "role": ")" + (t > 0 && unit() < 0.3 ? "service" : "experience") + R"(", "scale": [)" + num(lo) +
             ", " + num(hi) + "]" + (has_promise.back() ? R"(, "promise": )" + num(lo + (hi - lo) * unit()) : "") +
             // t0 weighs more than 0, and every customer visits it, so no customer's weights sum to 0.
             R"(, "weight": )" + num(t == 0 ? 1.0 : pick(weights)) + "}";
    }
    map += "]}";
    const std::string model =
        R"({"preset": ")" + pick(std::vector<std::string>{"prospect", "servqual"}) + R"(", "lambda": )" +
        num(pick(lambdas)) + R"(, "recovery": )" + num(unit()) + R"(, "peak_end": )" + num(unit()) +
        (unit() < 0.5 ? R"(, "half_life_days": )" + num(pick(std::vector<double>{1.0, 30.0, 1e6})) : "") +
        R"(, "weights": {"t0": )" + num(pick(std::vector<double>{1.0, 1e9})) + R"(}, "dimension_weights": {"d1": )" +
        num(pick(weights)) + "}}";
    std::string events = "customer,touchpoint,time,experience,expectation,dimension\n";
    std::string customers = "customer,weight,segment\n";
    const int people = 1 + static_cast<int>(rng() % 6);
    for (int c = 0; c < people; ++c) {
      const std::string id = "c" + std::to_string(c);
      customers += id + "," + (c == 0 ? std::string("1") : num(pick(std::vector<double>{0.0, 1.0, 1e9}))) + "," +
                   pick(std::vector<std::string>{"gold", "basic"}) + "\n";
      const int visits = 1 + static_cast<int>(rng() % 6);
      for (int v = 0; v < visits; ++v) {
        const int t = v == 0 ? 0 : static_cast<int>(rng() % static_cast<unsigned>(touchpoints));
        const auto [lo, hi] = scales[static_cast<std::size_t>(t)];
        const double time = 1767225600.0 + 86400.0 * std::floor(unit() * 120);  // 2026-01-01 + up to 4 months
        const std::string expectation =
            has_promise[static_cast<std::size_t>(t)] && unit() < 0.7 ? "" : num(lo + (hi - lo) * unit());
        events += id + ",t" + std::to_string(t) + "," + num(time) + "," +
                  num(pick(std::vector<double>{lo, hi, lo + (hi - lo) * unit()})) + "," + expectation + "," +
                  (v > 0 && unit() < 0.3 ? "d1" : "") + "\n";
      }
    }
    const std::string name = "trial" + std::to_string(trial);
    const std::string in = "--map " + write(name + "_map.json", map).string() + " --events " +
                           write(name + "_events.csv", events).string() + " --customers " +
                           write(name + "_customers.csv", customers).string() + " --model " +
                           write(name + "_model.json", model).string();
    for (const std::string command : {"score --report", "service", "owners", "monitor"}) {
      const auto out = dir() / (name + "_" + command.substr(0, command.find(' ')));
      const auto r = run(command + " " + in + " --out " + out.string());
      ASSERT_EQ(r.exit_code, 0) << name << " " << command << ": " << r.err << "\nmap: " << map << "\nmodel: " << model
                                << "\nevents:\n"
                                << events << "customers:\n"
                                << customers;
      EXPECT_EQ(non_finite_in(out), "") << name << " " << command << "\nmap: " << map << "\nmodel: " << model
                                        << "\nevents:\n"
                                        << events << "customers:\n"
                                        << customers;
      EXPECT_EQ(non_finite_in(dir() / "stdout.txt"), "") << name << " " << command << ": " << r.out;
    }
  }
}

}  // namespace
