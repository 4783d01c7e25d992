#pragma once
// What the tests of a command read in buckets (`--buckets K`) share: the outputs of the run in memory and of the
// run in buckets compared number by number (within 1e-12 relative, or a looser tolerance for the columns of an
// ill-conditioned figure), and the simulated brand's events in three row orders.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli_fixture.hpp"

namespace cxscore_test {

/// Whether two numbers written by the command agree within `tolerance` relative to the larger of them and
/// `floor` (exactly, when not numbers).
inline bool same_number(const std::string& a, const std::string& b, double tolerance = 1e-12, double floor = 0) {
  if (a == b) return true;
  char* end_a = nullptr;
  char* end_b = nullptr;
  const double x = std::strtod(a.c_str(), &end_a), y = std::strtod(b.c_str(), &end_b);
  if (*end_a != '\0' || *end_b != '\0' || a.empty() || b.empty()) return false;
  return std::abs(x - y) <= tolerance * std::max({floor, std::abs(x), std::abs(y)});
}

/// Compares two files token by token (CSV cells, JSON values, the words of a report) with same_number.
inline void expect_same_numbers(const fs::path& expected, const fs::path& actual, const std::string& label) {
  auto tokens = [](const fs::path& p) {
    std::string text = slurp(p);
    for (char& c : text)
      if (c == ',' || c == '\n' || c == ':' || c == '{' || c == '}' || c == '[' || c == ']') c = ' ';
    std::istringstream in(text);
    std::vector<std::string> out;
    for (std::string t; in >> t;) out.push_back(t);
    return out;
  };
  const auto a = tokens(expected), b = tokens(actual);
  ASSERT_EQ(a.size(), b.size()) << label << " " << actual.filename();
  ASSERT_FALSE(a.empty()) << label;
  for (std::size_t k = 0; k < a.size(); ++k)
    EXPECT_TRUE(same_number(a[k], b[k])) << label << " " << actual.filename() << ": " << a[k] << " vs " << b[k];
}

/// Compares two CSV files cell by cell with same_number: within 1e-12 relative (at least 1e-12 absolute, as the
/// Dask and Spark tests compare: a mean gap of 1e-17 is a sum that cancels to the rounding), or the tolerance
/// `loose` gives a column by its header name.
inline void expect_same_table(const fs::path& expected, const fs::path& actual, const std::string& label,
                              const std::map<std::string, double>& loose = {}) {
  const auto a = read_csv(expected), b = read_csv(actual);
  ASSERT_EQ(a.size(), b.size()) << label << " " << actual.filename();
  ASSERT_FALSE(a.empty()) << label;
  const std::vector<std::string>& header = a.front();
  for (std::size_t r = 0; r < a.size(); ++r) {
    ASSERT_EQ(a[r].size(), b[r].size()) << label << " " << actual.filename() << " row " << r;
    for (std::size_t k = 0; k < a[r].size(); ++k) {
      const auto it = k < header.size() ? loose.find(header[k]) : loose.end();
      EXPECT_TRUE(same_number(a[r][k], b[r][k], it == loose.end() ? 1e-12 : it->second, 1.0))
          << label << " " << actual.filename() << " row " << r << " column " << (k < header.size() ? header[k] : "")
          << ": " << a[r][k] << " vs " << b[r][k];
    }
  }
}

/// The lines of a CSV text, header first.
inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

inline std::string joined_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + '\n';
  return out;
}

/// What the command says of its run, up to where it says where it wrote.
inline std::string said_before_out(const std::string& out) { return out.substr(0, out.find("; wrote")); }

/// The simulated brand's events in three orders: as simulated (by customer), by time, and shuffled.
struct simulated_brand {
  std::string inputs;  // --map --customers --model
  std::vector<fs::path> events;
};

/// `customers` simulated customers, with recency decay and the peak-end blend on (so that the order of each
/// journey matters).
inline simulated_brand simulate(cli_fixture& t, int customers) {
  const auto sim = t.dir() / "sim";
  EXPECT_EQ(t.run("simulate --customers " + std::to_string(customers) + " --seed 11 --out " + sim.string()), 0)
      << t.err();
  std::string model = slurp(sim / "model.json");
  model.replace(model.find("\"half_life_days\": null"), 22, "\"half_life_days\": 20");
  model.replace(model.find("\"peak_end\": 0.0"), 15, "\"peak_end\": 0.3");
  const auto model_path = t.write("model.json", model);
  simulated_brand out{.inputs = concat({"--map ", (sim / "map.json").string(), " --customers ",
                                        (sim / "customers.csv").string(), " --model ", model_path.string()}),
                      .events = {sim / "events.csv"}};
  std::vector<std::string> lines = lines_of(slurp(sim / "events.csv"));
  const std::string header = lines.front();
  lines.erase(lines.begin());
  // ISO 8601 times in UTC sort as text; a stable sort keeps a customer's rows of one time in order.
  auto time_of = [](const std::string& line) { return line.substr(line.find(',', line.find(',') + 1) + 1, 20); };
  std::stable_sort(lines.begin(), lines.end(),
                   [&](const std::string& a, const std::string& b) { return time_of(a) < time_of(b); });
  lines.insert(lines.begin(), header);
  out.events.push_back(t.write("by_time.csv", joined_lines(lines)));
  std::shuffle(lines.begin() + 1, lines.end(), std::mt19937(5));
  out.events.push_back(t.write("shuffled.csv", joined_lines(lines)));
  return out;
}

/// The brand's time-ordered events with three bad expectations ('x'): the first well inside the third window of
/// 4 KiB (file row `bad_row`), two later ones for lenient mode.
struct dirty_events {
  fs::path events;
  std::size_t bad_row = 0;
};

inline dirty_events with_bad_rows(cli_fixture& t, const simulated_brand& brand) {
  std::vector<std::string> lines = lines_of(slurp(brand.events.at(1)));
  std::size_t bytes = 0, bad = 0;
  for (std::size_t k = 1; k < lines.size() && bad == 0; ++k)
    if ((bytes += lines[k].size() + 1) > 2 * 4096 + 1500) bad = k;
  EXPECT_GT(bad, 0u);
  for (std::size_t k : {bad, bad + 90, bad + 400}) lines.at(k).replace(lines[k].rfind(",,"), 2, ",x,");
  return {t.write("dirty.csv", joined_lines(lines)), bad + 1};
}

}  // namespace cxscore_test
