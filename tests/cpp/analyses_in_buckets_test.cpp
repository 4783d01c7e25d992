// `cxscore service`, `owners` and `monitor` with `--buckets K`: the file read a window at a time and analysed a
// bucket of customers at a time, the buckets' summaries merged, gives the outputs of the whole file analysed in
// memory (itself checked against the formulas in cli_service_test and cli_monitor_test): the service counts and
// the brand figure fitted from them byte for byte (integer counts merge exactly), the scores and window sums
// (added in another order) within 1e-12 relative, and the same errors, exit codes and rejected rows. So does
// `cxscore journeys`, its directly-follows, path and Markov counts merged (the counts exactly, the chain solved
// once from them).
#include <gtest/gtest.h>

#include "support/bucket_outputs.hpp"
#include "support/cli_fixture.hpp"
#include "support/test_data.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "internal/cell_text.hpp"

namespace fs = std::filesystem;

namespace {

using analyses_in_buckets_test = cxscore_test::cli_fixture;
using cxscore_test::concat;
using cxscore_test::expect_same_numbers;
using cxscore_test::expect_same_table;
using cxscore_test::joined_lines;
using cxscore_test::lines_of;
using cxscore_test::read_csv;
using cxscore_test::simulate;
using cxscore_test::simulated_brand;
using cxscore_test::slurp;

/// A change between two windows of nearly equal values is a few parts in 1e7 of the score over a standard
/// error as small, whose last bits depend on the order of addition: its p-value (and so its q-value) is
/// ill-conditioned, and agrees to 1e-9 (as in the Dask and Spark tests, tests/python/conftest.py).
const std::map<std::string, double> ill_conditioned = {{"p_value", 1e-9}, {"q_value", 1e-9}};

/// The commands read in buckets and the outputs each writes; `exact`: its tables and what it prints are the
/// same bytes (sums of integers, and what is computed once from them).
struct analysis {
  const char* command;
  std::vector<const char*> tables, reports;
  bool exact = false;
  bool log = false;  ///< reads an event log (journeys' inputs), not events against a map
};

const std::vector<analysis> analyses = {
    {.command = "service", .tables = {"service.csv"}, .reports = {"service_report.txt"}, .exact = true},
    {.command = "owners", .tables = {"owners.csv", "owner_trend.csv"}, .reports = {"owners_report.txt"}},
    {.command = "monitor", .tables = {"brand_trend.csv", "touchpoint_trend.csv"}, .reports = {"monitor_report.txt"}},
    {.command = "journeys",
     .tables = {"edges.csv", "variants.csv", "loops.csv", "key_paths.csv"},
     .reports = {},
     .log = true},
};

/// The inputs of the commands: of service, owners and monitor; of journeys.
struct command_inputs {
  std::string events, log;
  [[nodiscard]] const std::string& of(const analysis& a) const { return a.log ? log : events; }
};

/// `text` with every `folder` named as OUT.
std::string with_out(std::string text, const std::string& folder) {
  for (std::size_t at = text.find(folder); at != std::string::npos; at = text.find(folder, at))
    text.replace(at, folder.size(), "OUT");
  return text;
}

/// What a command run printed, its output folder named OUT, for comparing runs into different folders.
std::string printed(const cxscore_test::cli_run& r, const fs::path& folder) { return with_out(r.out, folder.string()); }

/// Every output of `a` in `actual` against `expected`: the exact tables (and every rejected.csv, and journeys'
/// Markov chain, solved once from merged counts) the same bytes, the others the same numbers, the reports'
/// numbers as printed.
void expect_same_outputs(const analysis& a, const fs::path& expected, const fs::path& actual,
                         const std::string& label) {
  EXPECT_EQ(slurp(expected / "rejected.csv"), slurp(actual / "rejected.csv")) << label;
  for (const char* table : a.tables) {
    if (a.exact) EXPECT_EQ(slurp(expected / table), slurp(actual / table)) << label << " " << table;
    expect_same_table(expected / table, actual / table, label, ill_conditioned);
  }
  for (const char* markov : {"markov.csv", "markov_notes.csv"})
    EXPECT_EQ(slurp(expected / markov), slurp(actual / markov)) << label << " " << markov;
  for (const char* report : a.reports) expect_same_numbers(expected / report, actual / report, label);
}

/// Runs every analysis on `in` in memory and with 1, 3 and 16 buckets of small windows, and compares.
void expect_buckets_as_in_memory(analyses_in_buckets_test& t, const command_inputs& in, const std::string& label,
                                 const std::vector<const char*>& windows) {
  for (const analysis& a : analyses) {
    const std::string& inputs = in.of(a);
    const auto memory = t.dir() / (std::string(a.command) + "_memory");
    const auto in_memory = t.run(concat({a.command, " ", inputs, " --out ", memory.string()}));
    ASSERT_EQ(in_memory, 0) << label << " " << t.err();
    for (const char* buckets : {"1", "3", "16"})
      for (const char* window : windows) {
        const std::string what = concat({label, " ", a.command, " buckets ", buckets, " window ", window});
        const auto out = t.dir() / (std::string(a.command) + "_buckets");
        const auto r = t.run(concat(
            {a.command, " ", inputs, " --buckets ", buckets, " --window-bytes ", window, " --out ", out.string()}));
        ASSERT_EQ(r, 0) << what << " " << t.err();
        expect_same_outputs(a, memory, out, what);
        if (a.exact || a.log) EXPECT_EQ(printed(r, out), printed(in_memory, memory)) << what;
      }
  }
}

TEST_F(analyses_in_buckets_test, buckets_give_the_in_memory_outputs_in_any_row_order) {
  const simulated_brand brand = simulate(*this, 300);
  const fs::path sim = dir() / "sim";
  for (const fs::path& events : brand.events)
    expect_buckets_as_in_memory(*this,
                                {.events = concat({brand.inputs, " --events ", events.string()}),
                                 .log = concat({"--map ", (sim / "map.json").string(), " --outcomes ",
                                                (sim / "outcomes.csv").string(), " --events ", events.string()})},
                                events.stem().string(), {"4096", "65536"});
}

TEST_F(analyses_in_buckets_test, buckets_give_the_in_memory_outputs_on_the_helpdesk_log_measured_from_the_log) {
  CXSCORE_REQUIRE_TEST_DATA("helpdesk.csv.gz");
  // A gzip-compressed file is decompressed whole, so buckets need it plain.
  const auto events = write("helpdesk.csv", cxscore::detail::read_file(cxscore_test::data_file("helpdesk.csv.gz")));
  // With the map, journeys' gaps are measured from the log (waits, rework) a bucket at a time.
  const std::string map = (fs::path(CXSCORE_SOURCE_DIR) / "examples" / "data" / "helpdesk_map.json").string();
  const std::string columns = " --columns customer=case_id,touchpoint=activity,time=timestamp";
  const std::string with_map = concat({"--map ", map, " --events ", events.string(), columns});
  expect_buckets_as_in_memory(*this, {.events = with_map, .log = with_map}, "helpdesk", {"262144"});
  // The same rows by time: every bucket's customers spread over every window.
  std::vector<std::string> lines = lines_of(slurp(events));
  const std::string header = lines.front();
  lines.erase(lines.begin());
  const std::size_t time_column = 2;  // case_id, activity, timestamp, ...
  ASSERT_NE(header.find("timestamp"), std::string::npos) << header;
  auto time_of = [&](const std::string& line) {
    std::size_t at = 0;
    for (std::size_t k = 0; k < time_column; ++k) at = line.find(',', at) + 1;
    return line.substr(at, line.find(',', at) - at);
  };
  std::stable_sort(lines.begin(), lines.end(),
                   [&](const std::string& a, const std::string& b) { return time_of(a) < time_of(b); });
  lines.insert(lines.begin(), header);
  const auto by_time = write("helpdesk_by_time.csv", joined_lines(lines));
  // Journeys without the map: the touchpoints discovered, coded by first appearance in the whole file.
  expect_buckets_as_in_memory(*this,
                              {.events = concat({"--map ", map, " --events ", by_time.string(), columns}),
                               .log = concat({"--events ", by_time.string(), columns})},
                              "helpdesk by time", {"65536"});
}

TEST_F(analyses_in_buckets_test, a_bad_row_fails_as_in_memory_writing_nothing_and_lenient_sets_aside_the_same_rows) {
  const simulated_brand brand = simulate(*this, 200);
  const auto [events, bad_row] = cxscore_test::with_bad_rows(*this, brand);
  const command_inputs in{
      .events = concat({brand.inputs, " --events ", events.string()}),
      .log = concat({"--map ", (dir() / "sim" / "map.json").string(), " --events ", events.string()})};
  for (const analysis& a : analyses) {
    const std::string& inputs = in.of(a);
    const auto memory = run(concat({a.command, " ", inputs, " --out ", (dir() / "memory").string()}));
    ASSERT_EQ(memory.exit_code, 2) << a.command;
    ASSERT_NE(memory.err.find("row " + std::to_string(bad_row) + ", column 'expectation', value 'x'"),
              std::string::npos)
        << memory.err;
    ASSERT_NE(memory.err.find(events.string()), std::string::npos) << memory.err;
    for (const char* buckets : {"1", "3", "16"}) {
      const auto out = dir() / "bucketed";
      const auto r =
          run(concat({a.command, " ", inputs, " --buckets ", buckets, " --window-bytes 4096 --out ", out.string()}));
      EXPECT_EQ(r.exit_code, memory.exit_code) << a.command << " " << buckets;
      EXPECT_EQ(r.err, memory.err) << a.command << " " << buckets;
      EXPECT_FALSE(fs::exists(out)) << a.command << " " << buckets;
    }
    // Lenient: the same three rows set aside (rejected.csv: a header and three rows), the same outputs.
    const auto lenient_memory = dir() / (std::string(a.command) + "_lenient");
    ASSERT_EQ(run(concat({a.command, " ", inputs, " --lenient --out ", lenient_memory.string()})), 0) << err();
    EXPECT_EQ(read_csv(lenient_memory / "rejected.csv").size(), 4u) << a.command;
    EXPECT_NE(m_last.out.find("skipped 3 bad rows"), std::string::npos) << m_last.out;
    for (const char* buckets : {"1", "3", "16"}) {
      const auto out = dir() / (std::string(a.command) + "_lenient_" + buckets);
      ASSERT_EQ(run(concat({a.command, " ", inputs, " --lenient --buckets ", buckets, " --window-bytes 4096 --out ",
                            out.string()})),
                0)
          << err();
      EXPECT_NE(m_last.out.find("skipped 3 bad rows"), std::string::npos) << m_last.out;
      expect_same_outputs(a, lenient_memory, out, concat({a.command, " lenient buckets ", buckets}));
    }
  }
}

TEST_F(analyses_in_buckets_test, a_file_without_events_and_a_gzip_file_are_refused_as_documented) {
  const auto map = write("map.json", R"({"name": "m", "scale": [1, 5], "touchpoints": [
    {"name": "web", "owner": "shop", "phase": "buy", "channel": "web", "promise": 4}]})");
  const auto empty = write("empty.csv", "customer,touchpoint,time,experience\n");
  for (const analysis& a : analyses) {
    const std::string inputs = concat({a.command, " --map ", map.string(), " --events ", empty.string(), " --out "});
    const auto memory = run(concat({inputs, (dir() / "m").string()}));
    ASSERT_EQ(memory.exit_code, 2) << a.command;
    EXPECT_NE(memory.err.find(empty.string() + ": no events"), std::string::npos) << memory.err;
    const auto r = run(concat({inputs, (dir() / "b").string(), " --buckets 3"}));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, memory.err) << a.command;
    EXPECT_FALSE(fs::exists(dir() / "b"));
  }
  CXSCORE_REQUIRE_TEST_DATA("helpdesk.csv.gz");
  const std::string helpdesk =
      concat({" --map ", (fs::path(CXSCORE_SOURCE_DIR) / "examples" / "data" / "helpdesk_map.json").string(),
              " --events ", cxscore_test::data_file("helpdesk.csv.gz").string(),
              " --columns customer=case_id,touchpoint=activity,time=timestamp"});
  for (const analysis& a : analyses) {
    const auto refused = run(concat({a.command, helpdesk, " --buckets 2 --out ", (dir() / "b").string()}));
    EXPECT_EQ(refused.exit_code, 2) << a.command;
    EXPECT_NE(refused.err.find("gzip-compressed events file is decompressed whole"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(dir() / "b"));
  }
}

TEST_F(analyses_in_buckets_test, journeys_in_buckets_count_a_log_counted_by_hand) {
  // c1: a > b, c2: a > a (a loop), c3: b; in 3 buckets each customer is alone in one, and c2's rows come last.
  // c1's id holds the separator and a line feed, quoted: windows of 16 bytes end where its records do.
  const auto events =
      write("events.csv", "customer,touchpoint,time\n\"c,1\nx\",a,1\nc2,a,2\n\"c,1\nx\",b,3\nc3,b,4\nc2,a,5\n");
  ASSERT_EQ(run(concat({"journeys --events ", events.string(), " --buckets 3 --window-bytes 16 --out ",
                        (dir() / "j").string()})),
            0)
      << err();
  // Starts: a twice, b once; a -> b once, a -> a once; ends: b twice, a once.
  const auto edges = read_csv(dir() / "j" / "edges.csv");
  std::map<std::string, std::string> count;
  for (std::size_t r = 1; r < edges.size(); ++r) count[edges[r][0] + ">" + edges[r][1]] = edges[r][2];
  EXPECT_EQ(count, (std::map<std::string, std::string>{{"__start__>a", "2"},
                                                       {"__start__>b", "1"},
                                                       {"a>b", "1"},
                                                       {"a>a", "1"},
                                                       {"b>__end__", "2"},
                                                       {"a>__end__", "1"}}));
  EXPECT_NE(m_last.out.find("3 customers, 5 events, 2 touchpoints: 2 edges, 3 variants"), std::string::npos)
      << m_last.out;
}

}  // namespace
