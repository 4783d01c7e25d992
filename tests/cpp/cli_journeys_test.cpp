// `cxscore journeys` end to end: every output file's numbers against hand calculations and invariants,
// ChannelAttribution paths, the real logs with the example maps, the simulated brand with its outcomes,
// and bad input refused with exit code 2 and nothing written.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "internal/cell_text.hpp"
#include "support/cli_fixture.hpp"
#include "support/test_data.hpp"

namespace fs = std::filesystem;

namespace {

using table = std::vector<std::map<std::string, std::string>>;

using cxscore_test::slurp;

// Splits simple CSV text (no quoted commas) into rows keyed by the header.
table parse_csv(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> header;
  table rows;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = s.find(',', start);
      out.push_back(s.substr(start, comma - start));
      if (comma == std::string::npos) return out;
      start = comma + 1;
    }
  };
  while (std::getline(in, line)) {
    if (header.empty()) {
      header = split(line);
      continue;
    }
    const auto cells = split(line);
    std::map<std::string, std::string> row;
    for (std::size_t k = 0; k < header.size() && k < cells.size(); ++k) row[header[k]] = cells[k];
    rows.push_back(std::move(row));
  }
  return rows;
}

table read_csv(const fs::path& p) { return parse_csv(slurp(p)); }

const std::map<std::string, std::string>& find_row(const table& t, const std::string& key, const std::string& value) {
  for (const auto& row : t)
    if (row.at(key) == value) return row;
  throw std::runtime_error("no row with " + key + " = " + value);
}

class cli_journeys_test : public cxscore_test::cli_fixture {};

TEST_F(cli_journeys_test, paths_give_the_hand_solved_removal_effects) {
  const auto paths = write("paths.csv", "path,total_conversions,total_null\nC1 > C2 > C3,1,0\nC1,0,1\nC2 > C3,0,1\n");
  ASSERT_EQ(run("journeys --paths " + paths.string() + " --out " + (m_dir / "out").string()), 0) << err();
  const auto m = read_csv(m_dir / "out" / "markov.csv");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_DOUBLE_EQ(std::stod(find_row(m, "touchpoint", "C1").at("removal_effect")), 0.5);
  EXPECT_DOUBLE_EQ(std::stod(find_row(m, "touchpoint", "C2").at("removal_effect")), 1.0);
  EXPECT_DOUBLE_EQ(std::stod(find_row(m, "touchpoint", "C3").at("credit")), 0.4);
  EXPECT_DOUBLE_EQ(std::stod(find_row(m, "touchpoint", "C1").at("credit")), 0.2);
  EXPECT_NE(slurp(m_dir / "stdout.txt").find("P(conversion) = 0.333333"), std::string::npos);
  // Exactly the issue's columns; nothing degenerate, so the notes file has its header only.
  EXPECT_EQ(slurp(m_dir / "out" / "markov.csv").substr(0, 34), "touchpoint,removal_effect,credit\nC");
  EXPECT_EQ(slurp(m_dir / "out" / "markov_notes.csv"), "touchpoint,note\n");
}

TEST_F(cli_journeys_test, paths_that_never_convert_say_so_in_the_notes) {
  const auto paths = write("paths.csv", "path,total_conversions,total_null\nC1 > C2,0,3\nC2,0,1\n");
  ASSERT_EQ(run("journeys --paths " + paths.string() + " --out " + (m_dir / "out").string()), 0) << err();
  for (const auto& row : read_csv(m_dir / "out" / "markov.csv")) {
    EXPECT_EQ(row.at("removal_effect"), "0");
    EXPECT_EQ(row.at("credit"), "0");
  }
  EXPECT_EQ(slurp(m_dir / "out" / "markov_notes.csv"),
            "touchpoint,note\nC1,the outcome is never reached\nC2,the outcome is never reached\n");
  EXPECT_NE(slurp(m_dir / "stdout.txt").find("note: C1: the outcome is never reached"), std::string::npos);
}

// A met -> retained (3 customers), A unmet -> B -> lost (1), A unmet -> retained (1); scale [1, 5], promise 3.
const char* events_text =
    "id,step,at,experience\n"
    "c1,A,2026-03-01T10:00:00Z,4\nc2,A,2026-03-01T10:00:00Z,5\nc3,A,2026-03-01T10:00:00Z,3\n"
    "c4,A,2026-03-01T10:00:00Z,1\nc4,B,2026-03-01T12:00:00+01:00,3\n"
    "c5,A,2026-03-01T10:00:00Z,2\n";
const char* map_text = R"({"name": "hand", "touchpoints": [{"name": "A", "promise": 3}, {"name": "B", "promise": 3}]})";

TEST_F(cli_journeys_test, event_log_with_outcomes_writes_every_file_by_hand) {
  const auto events = write("events.csv", events_text);
  const auto map = write("map.json", map_text);
  const auto outcomes =
      write("outcomes.csv", "customer,nps,retained\nc1,9,yes\nc2,9,yes\nc3,8,yes\nc4,2,no\nc5,7,yes\nc9,0,no\n");
  const auto out = m_dir / "out";
  ASSERT_EQ(run("journeys --events " + events.string() + " --map " + map.string() + " --outcomes " + outcomes.string() +
                " --columns customer=id,touchpoint=step,time=at --out " + out.string() + " --dot " +
                (m_dir / "j.dot").string()),
            0)
      << err();
  const auto edges = read_csv(out / "edges.csv");
  ASSERT_EQ(edges.size(), 4u);  // start -> A, A -> B, A -> end, B -> end
  EXPECT_EQ(edges[0].at("source"), "__start__");
  EXPECT_EQ(edges[0].at("count"), "5");
  // Gaps at the start: (4-3)/4, (5-3)/4, 0, (1-3)/4, (2-3)/4 -> mean 0.
  EXPECT_EQ(edges[0].at("mean_gap"), "0");
  EXPECT_EQ(edges[1].at("source"), "A");
  EXPECT_EQ(edges[1].at("target"), "B");
  EXPECT_EQ(edges[1].at("count"), "1");
  EXPECT_EQ(edges[1].at("mean_gap"), "0");
  EXPECT_EQ(edges[1].at("mean_duration_s"), "3600");  // 12:00+01:00 is one hour after 10:00Z
  EXPECT_EQ(edges[2].at("target"), "__end__");
  EXPECT_EQ(edges[2].at("count"), "4");
  const auto variants = read_csv(out / "variants.csv");
  ASSERT_EQ(variants.size(), 2u);
  EXPECT_EQ(variants[0].at("variant"), "A");
  EXPECT_EQ(variants[0].at("customers"), "4");
  EXPECT_EQ(variants[1].at("variant"), "A > B");
  EXPECT_TRUE(read_csv(out / "loops.csv").empty());
  const auto key = read_csv(out / "key_paths.csv");
  EXPECT_EQ(find_row(key, "kind", "unavoidable").at("path"), "A");
  EXPECT_EQ(find_row(key, "kind", "most_likely").at("path"), "A");
  EXPECT_DOUBLE_EQ(std::stod(find_row(key, "kind", "most_likely").at("probability")), 0.8);
  // P(retained) = 4/5; fixing A: the unmet visits (2/5) behave like met ones (retained): uplift 0.2, 1 customer.
  const auto m = read_csv(out / "markov.csv");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].at("touchpoint"), "A");  // ranked by customers won
  EXPECT_DOUBLE_EQ(std::stod(m[0].at("fix_uplift")), 0.2);
  EXPECT_NEAR(std::stod(m[0].at("fix_customers")), 1.0, 1e-14);
  EXPECT_DOUBLE_EQ(std::stod(m[0].at("removal_effect")), 1.0);
  EXPECT_DOUBLE_EQ(std::stod(m[0].at("credit")), 4.0);  // all 4 retained customers: B's removal effect is 0
  EXPECT_EQ(m[1].at("fix_uplift"), "0");
  EXPECT_EQ(slurp(out / "markov.csv").substr(0, 58), "touchpoint,removal_effect,credit,fix_uplift,fix_customers\n");
  // B is met on its only visit (3 = promise): nothing to fix, said in the notes, not in markov.csv.
  EXPECT_EQ(slurp(out / "markov_notes.csv"), "touchpoint,note\nB,never unmet: nothing to fix\n");
  EXPECT_NE(slurp(m_dir / "stdout.txt").find("note: B: never unmet: nothing to fix"), std::string::npos);
  EXPECT_NE(slurp(m_dir / "stdout.txt").find("P(retained) = 0.800000"), std::string::npos);
  const std::string dot = slurp(m_dir / "j.dot");
  EXPECT_NE(dot.find("\"A\" -> \"B\" [label=\"1\""), std::string::npos) << dot;
}

TEST_F(cli_journeys_test, simulated_brand_credits_add_up_to_the_retained_customers) {
  const auto sim = m_dir / "sim";
  ASSERT_EQ(run("simulate --customers 300 --seed 5 --out " + sim.string()), 0) << err();
  const auto out = m_dir / "out";
  ASSERT_EQ(run("journeys --events " + (sim / "events.csv").string() + " --map " + (sim / "map.json").string() +
                " --outcomes " + (sim / "outcomes.csv").string() + " --out " + out.string()),
            0)
      << err();
  double retained = 0;
  for (const auto& row : read_csv(sim / "outcomes.csv")) retained += row.at("retained") == "yes";
  double credit = 0;
  for (const auto& row : read_csv(out / "markov.csv")) {
    credit += std::stod(row.at("credit"));
    const double re = std::stod(row.at("removal_effect"));
    EXPECT_GE(re, -1e-12);
    EXPECT_LE(re, 1 + 1e-12);
    if (!row.at("fix_uplift").empty()) {
      EXPECT_NEAR(std::stod(row.at("fix_customers")), std::stod(row.at("fix_uplift")) * 300, 1e-9);
    }
  }
  EXPECT_NEAR(credit, retained, 1e-9);
}

class journeys_real_logs : public cli_journeys_test, public ::testing::WithParamInterface<const char*> {};

TEST_P(journeys_real_logs, edges_add_up_with_the_example_map) {
  const std::string name = GetParam();
  const fs::path log = cxscore_test::data_file(name + ".csv.gz");
  if (!fs::exists(log)) GTEST_FAIL() << "real log missing: " << log;
  const fs::path map = fs::path(CXSCORE_SOURCE_DIR) / "examples" / "data" / (name + "_map.json");
  const auto out = m_dir / "out";
  ASSERT_EQ(run("journeys --events " + log.string() + " --map " + map.string() +
                " --columns customer=case_id,touchpoint=activity,time=timestamp --out " + out.string()),
            0)
      << err();
  std::size_t events = 0;
  std::map<std::string, int> cases;
  for (const auto& row : parse_csv(cxscore::detail::read_file(log.string()))) ++events, cases[row.at("case_id")] = 1;
  std::uint64_t inner = 0, starts = 0, ends = 0;
  for (const auto& row : read_csv(out / "edges.csv")) {
    const auto count = std::stoull(row.at("count"));
    if (row.at("source") == "__start__")
      starts += count;
    else if (row.at("target") == "__end__")
      ends += count;
    else
      inner += count;
    if (!row.at("mean_gap").empty()) {
      EXPECT_GE(std::stod(row.at("mean_gap")), -1.0);
      EXPECT_LE(std::stod(row.at("mean_gap")), 1.0);
    }
  }
  EXPECT_EQ(starts, cases.size());
  EXPECT_EQ(ends, cases.size());
  EXPECT_EQ(inner, events - cases.size());
  // The worst-experience path is the variant of variants.csv with the lowest mean score among those taken
  // by at least 1% of the cases (46 of helpdesk's 4,580, 131 of BPIC 2012's 13,087): never a path of two.
  const auto min_customers = static_cast<std::uint64_t>(std::ceil(0.01 * static_cast<double>(cases.size())));
  double lowest = std::numeric_limits<double>::infinity();
  std::string lowest_variant;
  for (const auto& row : read_csv(out / "variants.csv"))
    if (std::stoull(row.at("customers")) >= min_customers && !row.at("mean_score").empty() &&
        std::stod(row.at("mean_score")) < lowest)
      lowest = std::stod(row.at("mean_score")), lowest_variant = row.at("variant");
  const auto key = read_csv(out / "key_paths.csv");
  const auto& worst = find_row(key, "kind", "worst_experience");
  ASSERT_FALSE(lowest_variant.empty());
  EXPECT_EQ(worst.at("path"), lowest_variant);
  EXPECT_DOUBLE_EQ(std::stod(worst.at("mean_score")), lowest);
  EXPECT_GE(std::stoull(worst.at("customers")), min_customers);
  EXPECT_GT(std::stod(worst.at("probability")), 0.0);
  EXPECT_EQ(slurp(out / "key_paths.csv").substr(0, 43), "kind,path,probability,customers,mean_score\n");
  // score runs on the same log and map and scores every case.
  ASSERT_EQ(run("score --events " + log.string() + " --map " + map.string() +
                " --columns customer=case_id,touchpoint=activity,time=timestamp --out " + (m_dir / "scored").string()),
            0)
      << err();
  EXPECT_EQ(read_csv(m_dir / "scored" / "customers.csv").size(), cases.size());
}

INSTANTIATE_TEST_SUITE_P(data_file, journeys_real_logs, ::testing::Values("helpdesk", "bpic2012"));

TEST_F(cli_journeys_test, bad_input_exits_2_and_writes_nothing) {
  const auto events = write("events.csv", events_text);
  const auto map = write("map.json", map_text);
  const auto out = m_dir / "out";
  const std::string cols = " --columns customer=id,touchpoint=step,time=at";
  struct bad {
    std::string args, message;
  };
  const std::vector<bad> cases{
      {"--events " + write("t.csv", "id,step,at\nc1,A,soon\n").string() + cols, "row 2, column 'at', value 'soon'"},
      {"--events " + events.string() + cols + " --map " + map.string() + " --outcomes " +
           write("o.csv", "customer,retained\nc1,1\n").string(),
       "value 'c2': the customer has events but no outcome row"},
      {"--events " + events.string() + cols + " --outcomes " +
           write("o2.csv", "customer,retained\nc1,perhaps\n").string(),
       "column 'retained', value 'perhaps'"},
      {"--events " + events.string() + " --columns customer=id,touchpoint=step", "missing required column 'time'"},
      {"--events " + events.string() + cols + " --map " +
           write("m.json", R"({"touchpoints": [{"name": "A", "promise": 3}]})").string(),
       "value 'B': unknown touchpoint"},
      {"--paths " + write("p.csv", "path,total_conversions,total_null\na > b,1,-2\n").string(),
       "column 'total_null', value '-2'"},
      {"--events " + events.string() + " --columns client=id", "unknown column role"},
      {"--events " + events.string() + cols + " --min-path-share 1.5", "the share must lie in [0, 1]"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(run("journeys " + c.args + " --out " + out.string() + " --dot " + (m_dir / "x.dot").string()), 2)
        << c.args;
    EXPECT_NE(err().find(c.message), std::string::npos) << err();
    EXPECT_FALSE(fs::exists(out)) << c.args;
    EXPECT_FALSE(fs::exists(m_dir / "x.dot")) << c.args;
  }
}

TEST_F(cli_journeys_test, lenient_skips_bad_rows_and_lists_them_in_rejected_csv) {
  // Row 3's time and row 5's experience (outside [1, 5]) are bad: the journeys are those of the other rows.
  const auto events =
      write("events.csv",
            "id,step,at,experience\nc1,A,2026-03-01T10:00:00Z,4\nc1,B,soon,3\nc2,A,2026-03-01T10:00:00Z,2\n"
            "c2,B,2026-03-01T11:00:00Z,9\nc3,B,2026-03-01T10:00:00Z,\n");
  const auto map = write("map.json", map_text);
  const auto out = m_dir / "out";
  const std::string args = "journeys --events " + events.string() + " --map " + map.string() +
                           " --columns customer=id,touchpoint=step,time=at --out " + out.string();
  ASSERT_EQ(run(args), 2);
  ASSERT_EQ(run(args + " --lenient"), 0) << err();
  EXPECT_EQ(slurp(out / "rejected.csv"), "file,row,column,value,reason\n" + events.string() +
                                             ",3,at,soon,unparsable time (expected epoch seconds or ISO 8601 such as "
                                             "2026-03-01T10:15:00+02:00)\n" +
                                             events.string() +
                                             ",5,experience,9,\"outside the scale [1, 5] of touchpoint 'B'\"\n");
  const auto edges = read_csv(out / "edges.csv");  // c1: A; c2: A; c3: B
  ASSERT_EQ(edges.size(), 4u);
  EXPECT_EQ(find_row(edges, "target", "A").at("count"), "2");
  EXPECT_EQ(find_row(edges, "target", "B").at("count"), "1");
  EXPECT_NE(slurp(m_dir / "stdout.txt").find("skipped 2 bad rows"), std::string::npos);
}

TEST_F(cli_journeys_test, an_unwritable_dot_file_leaves_no_output_folder) {
  const auto events = write("events.csv", events_text);
  const auto out = m_dir / "out";
  EXPECT_EQ(run("journeys --events " + events.string() + " --columns customer=id,touchpoint=step,time=at --out " +
                out.string() + " --dot " + (m_dir / "no" / "such" / "dir.dot").string()),
            1);
  EXPECT_NE(err().find("cannot write"), std::string::npos) << err();
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace
