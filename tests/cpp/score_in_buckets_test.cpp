// `cxscore score --buckets K`: the file read a window at a time and scored a bucket of customers at a time
// gives the numbers of the whole file scored in memory (itself checked against the formulas in
// cli_score_test): customers.csv byte for byte, the group and brand sums (added in another order) within
// 1e-12 relative; and the same errors, exit codes and rejected rows.
#include <gtest/gtest.h>

#include "support/bucket_outputs.hpp"
#include "support/cli_fixture.hpp"
#include "support/test_data.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "internal/cell_text.hpp"

namespace fs = std::filesystem;

namespace {

using score_in_buckets_test = cxscore_test::cli_fixture;
using cxscore_test::concat;
using cxscore_test::expect_same_numbers;
using cxscore_test::read_csv;
using cxscore_test::said_before_out;
using cxscore_test::simulate;
using cxscore_test::simulated_brand;
using cxscore_test::slurp;

/// Every output of `cxscore score` in `actual` against `expected`: customers.csv (and rejected.csv) the same
/// bytes, the group tables and the summary the same numbers.
void expect_same_outputs(const fs::path& expected, const fs::path& actual, const std::string& label) {
  EXPECT_EQ(slurp(expected / "customers.csv"), slurp(actual / "customers.csv")) << label;
  EXPECT_EQ(slurp(expected / "rejected.csv"), slurp(actual / "rejected.csv")) << label;
  for (const char* file :
       {"touchpoints.csv", "owners.csv", "phases.csv", "channels.csv", "segments.csv", "summary.json"})
    expect_same_numbers(expected / file, actual / file, label);
}

TEST_F(score_in_buckets_test, buckets_give_the_in_memory_numbers_in_any_row_order) {
  const simulated_brand brand = simulate(*this, 300);
  for (const fs::path& events : brand.events) {
    const std::string inputs = concat({brand.inputs, " --events ", events.string()});
    const auto memory = dir() / (events.stem().string() + "_memory");
    ASSERT_EQ(run(concat({"score ", inputs, " --out ", memory.string()})), 0) << err();
    const std::string memory_says = said_before_out(m_last.out);
    for (const char* buckets : {"1", "3", "7"})
      for (const char* window : {"4096", "65536"}) {
        const std::string label = concat({events.stem().string(), " buckets ", buckets, " window ", window});
        const auto out = dir() / "bucketed";
        ASSERT_EQ(run(concat(
                      {"score ", inputs, " --buckets ", buckets, " --window-bytes ", window, " --out ", out.string()})),
                  0)
            << label << err();
        expect_same_outputs(memory, out, label);
        // Every customer and encounter counted once, the brand index the same to its two decimals.
        EXPECT_EQ(said_before_out(m_last.out), memory_says) << label;
      }
  }
}

TEST_F(score_in_buckets_test, buckets_give_the_in_memory_numbers_on_the_helpdesk_log_measured_from_the_log) {
  CXSCORE_REQUIRE_TEST_DATA("helpdesk.csv.gz");
  // A gzip-compressed file is decompressed whole, so buckets need it plain.
  const auto events = write("helpdesk.csv", cxscore::detail::read_file(cxscore_test::data_file("helpdesk.csv.gz")));
  const std::string inputs =
      concat({"--map ", (fs::path(CXSCORE_SOURCE_DIR) / "examples" / "data" / "helpdesk_map.json").string(),
              " --events ", events.string(), " --columns customer=case_id,touchpoint=activity,time=timestamp"});
  ASSERT_EQ(run(concat({"score ", inputs, " --out ", (dir() / "memory").string()})), 0) << err();
  for (const char* buckets : {"1", "3", "7"}) {
    const auto out = dir() / (std::string("buckets_") + buckets);
    ASSERT_EQ(run(concat({"score ", inputs, " --buckets ", buckets, " --window-bytes 262144 --out ", out.string()})), 0)
        << err();
    expect_same_outputs(dir() / "memory", out, std::string("helpdesk buckets ") + buckets);
  }
}

TEST_F(score_in_buckets_test, quoted_ids_split_no_record_across_windows) {
  // Customer ids holding the separator and line feeds, quoted: a window's line feeds may then stand inside a
  // record, so a reader finds where the window's records end.
  const auto map = write("map.json", R"({"name": "m", "scale": [1, 5], "touchpoints": [
    {"name": "web", "owner": "shop", "phase": "buy", "channel": "web", "promise": 4},
    {"name": "care", "owner": "care", "phase": "after", "channel": "phone", "role": "service", "promise": 3}]})");
  std::string events = "customer,touchpoint,time,experience\n";
  for (int row = 0; row < 600; ++row) {
    const int customer = (row * 7) % 97;
    const std::string id =
        customer % 5 == 0 ? "\"c," + std::to_string(customer) + "\nline two\"" : "c" + std::to_string(customer);
    events += concat(
        {id, row % 3 ? ",web," : ",care,", std::to_string(1000 + row * 60), ",", std::to_string(1 + row % 5), "\n"});
  }
  const auto path = write("events.csv", events);
  const std::string inputs = concat({"--map ", map.string(), " --events ", path.string()});
  ASSERT_EQ(run(concat({"score ", inputs, " --out ", (dir() / "memory").string()})), 0) << err();
  for (const char* window : {"256", "4096"}) {
    const auto out = dir() / (std::string("window_") + window);
    ASSERT_EQ(run(concat({"score ", inputs, " --buckets 3 --window-bytes ", window, " --out ", out.string()})), 0)
        << err();
    expect_same_outputs(dir() / "memory", out, std::string("quoted, window ") + window);
  }
  EXPECT_EQ(read_csv(dir() / "memory" / "customers.csv").size(), 97u + 1 + 20) << "20 ids hold a line feed";
}

TEST_F(score_in_buckets_test, a_bad_row_in_the_third_window_fails_as_in_memory_and_lenient_rejects_the_same_rows) {
  const simulated_brand brand = simulate(*this, 200);
  const auto [events, bad_row] = cxscore_test::with_bad_rows(*this, brand);
  const std::string inputs = concat({brand.inputs, " --events ", events.string()});
  const auto memory = run(concat({"score ", inputs, " --out ", (dir() / "memory").string()}));
  ASSERT_EQ(memory.exit_code, 2);
  ASSERT_NE(memory.err.find("row " + std::to_string(bad_row) + ", column 'expectation', value 'x'"), std::string::npos)
      << memory.err;
  for (const char* buckets : {"1", "3"}) {
    const auto out = dir() / "bucketed";
    const auto r = run(concat({"score ", inputs, " --buckets ", buckets, " --window-bytes 4096 --out ", out.string()}));
    EXPECT_EQ(r.exit_code, memory.exit_code);
    EXPECT_EQ(r.err, memory.err);
    EXPECT_FALSE(fs::exists(out));
  }
  // Lenient: the same three rows set aside, the same numbers from the rest.
  ASSERT_EQ(run(concat({"score ", inputs, " --lenient --out ", (dir() / "memory").string()})), 0) << err();
  EXPECT_EQ(read_csv(dir() / "memory" / "rejected.csv").size(), 4u);
  for (const char* buckets : {"1", "3", "7"}) {
    const auto out = dir() / (std::string("lenient_") + buckets);
    ASSERT_EQ(
        run(concat({"score ", inputs, " --lenient --buckets ", buckets, " --window-bytes 4096 --out ", out.string()})),
        0)
        << err();
    expect_same_outputs(dir() / "memory", out, std::string("lenient buckets ") + buckets);
  }
}

TEST_F(score_in_buckets_test, a_zero_weight_customer_is_named_as_in_memory_and_a_weightless_bucket_is_fine) {
  const auto map = write("map.json", R"({"name": "m", "scale": [1, 5], "touchpoints": [
    {"name": "web", "owner": "shop", "phase": "buy", "channel": "web", "promise": 4},
    {"name": "free", "owner": "shop", "phase": "buy", "channel": "web", "promise": 4}]})");
  const auto model = write("model.json", R"({"preset": "prospect", "weights": {"free": 0}})");
  // c0 .. c9 in order of first appearance; c5 and c6 only visit the touchpoint of weight 0. In memory the
  // lowest code is named (c5); in 2 or 3 buckets c6's bucket is scored first.
  std::string events = "customer,touchpoint,time,experience\n";
  for (int c = 0; c < 10; ++c)
    events += concat({"c", std::to_string(c), c == 5 || c == 6 ? ",free," : ",web,", std::to_string(100 + c), ",3\n"});
  const auto path = write("events.csv", events);
  const std::string inputs = concat({"--map ", map.string(), " --model ", model.string(), " --events ", path.string()});
  const auto memory = run(concat({"score ", inputs, " --out ", (dir() / "memory").string()}));
  ASSERT_EQ(memory.exit_code, 2);
  ASSERT_NE(memory.err.find("row 7, column 'customer', value 'c5'"), std::string::npos) << memory.err;
  for (const char* buckets : {"2", "3"}) {
    const auto r = run(concat({"score ", inputs, " --buckets ", buckets, " --out ", (dir() / "b").string()}));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, memory.err) << buckets;
  }
  // Customers of weight 0 fill bucket 0 of 2 (the even codes): its part of the brand weighs nothing, the whole
  // does, and the numbers are the whole's.
  const auto good = write("good.csv", "customer,touchpoint,time,experience\nc0,web,1,3\nc1,web,2,5\nc2,web,3,2\n");
  const auto weights = write("customers.csv", "customer,weight,segment\nc0,0,a\nc1,2,b\nc2,0,a\n");
  const std::string weighted =
      concat({"--map ", map.string(), " --events ", good.string(), " --customers ", weights.string()});
  ASSERT_EQ(run(concat({"score ", weighted, " --out ", (dir() / "w_memory").string()})), 0) << err();
  ASSERT_EQ(run(concat({"score ", weighted, " --buckets 2 --out ", (dir() / "w_buckets").string()})), 0) << err();
  expect_same_outputs(dir() / "w_memory", dir() / "w_buckets", "weightless bucket");
  // c1 alone weighs (2): the brand's weight is 2 and its score c1's.
  const auto customers = read_csv(dir() / "w_buckets" / "customers.csv");
  ASSERT_EQ(customers.size(), 4u);
  EXPECT_EQ(customers[2][0], "c1");
  const std::string summary = slurp(dir() / "w_buckets" / "summary.json");
  EXPECT_NE(summary.find("\"customer_weight\": 2.0"), std::string::npos) << summary;
  EXPECT_NE(summary.find("\"brand_score\": " + customers[2][1]), std::string::npos) << summary;
}

TEST_F(score_in_buckets_test, a_gzip_file_is_refused_with_buckets_and_scored_in_memory_without) {
  CXSCORE_REQUIRE_TEST_DATA("helpdesk.csv.gz");
  const std::string inputs =
      concat({"score --map ", (fs::path(CXSCORE_SOURCE_DIR) / "examples" / "data" / "helpdesk_map.json").string(),
              " --events ", cxscore_test::data_file("helpdesk.csv.gz").string(),
              " --columns customer=case_id,touchpoint=activity,time=timestamp"});
  const auto refused = run(concat({inputs, " --buckets 2 --out ", (dir() / "b").string()}));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("gzip-compressed events file is decompressed whole"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir() / "b"));
  EXPECT_EQ(run(concat({inputs, " --out ", (dir() / "m").string()})), 0) << err();
}

}  // namespace
