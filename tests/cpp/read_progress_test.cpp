// csv_read_options::progress: what a reader of an events file reports as it reads, whichever threads read it
// (the whole-file reader in 1, 2 and 16 chunks, the windowed reader, the event log's reader): bytes and rows
// that never decrease, a last call with every byte and every record, calls one at a time, and the same table
// read with or without a callback.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "internal/events_windows.hpp"
#include "internal/progress_meter.hpp"

namespace fs = std::filesystem;

namespace {

const cxscore::journey_map& test_map() {
  static const auto map = cxscore::parse_map_json(R"({
    "name": "t", "scale": [1, 5],
    "touchpoints": [{"name": "web", "promise": 4}, {"name": "store", "promise": 3}]})");
  return map;
}

/// An events CSV of `rows` records, every 1000th with an unknown touchpoint (a bad row in lenient mode), long
/// enough (about 40 bytes a row) that a chunk reports several times.
std::string events_text(std::size_t rows) {
  std::string text = "customer,touchpoint,time,experience\n";
  for (std::size_t r = 0; r < rows; ++r)
    text += "c" + std::to_string(r % 5003) +
            (r % 1000 == 999 ? ",nowhere,"
             : r % 2         ? ",web,"
                             : ",store,") +
            std::to_string(1767225600 + r) + "," + std::to_string(1 + r % 5) + "\n";
  return text;
}

/// Every call a reader made, checked as it came: one at a time (never two at once), never decreasing.
struct recorded_calls {
  std::vector<cxscore::read_progress> calls;
  std::atomic<bool> inside{false};
  bool overlapped = false;

  std::function<void(const cxscore::read_progress&)> callback() {
    return [this](const cxscore::read_progress& p) {
      if (inside.exchange(true)) overlapped = true;
      calls.push_back(p);
      inside = false;
    };
  }

  /// The calls' checks against the text's `bytes` and `records`.
  void expect_complete(std::size_t bytes, std::size_t records, std::size_t at_least) const {
    EXPECT_FALSE(overlapped);
    ASSERT_GE(calls.size(), at_least);
    for (std::size_t k = 0; k < calls.size(); ++k) {
      EXPECT_EQ(calls[k].bytes_total, bytes) << "call " << k;
      EXPECT_LE(calls[k].bytes_read, bytes) << "call " << k;
      if (k > 0) {
        EXPECT_GE(calls[k].bytes_read, calls[k - 1].bytes_read) << "call " << k;
        EXPECT_GE(calls[k].rows, calls[k - 1].rows) << "call " << k;
      }
    }
    EXPECT_EQ(calls.back().bytes_read, bytes);  // 100%
    EXPECT_EQ(calls.back().rows, records);
  }
};

constexpr std::size_t records = 400'000;  // about 16 MB: four steps of the meter

TEST(read_progress_test, the_whole_file_reader_reports_to_the_end_in_any_number_of_chunks) {
  const std::string text = events_text(records);
  const auto plain = cxscore::parse_events_csv(text, test_map(), {.lenient = true, .chunks = 1});
  for (const std::size_t chunks : {1, 2, 16}) {
    recorded_calls seen;
    const auto read = cxscore::parse_events_csv(
        text, test_map(), {.lenient = true, .chunks = chunks, .progress = seen.callback()}, "events.csv");
    SCOPED_TRACE(chunks);
    // A chunk reports every step it reads, and once at its end; then the reader's last call.
    const std::size_t steps = text.size() / cxscore::detail::progress_meter::step_bytes;
    seen.expect_complete(text.size(), records, std::max(steps, chunks) + 1);
    EXPECT_EQ(read.events.customer, plain.events.customer);
    EXPECT_EQ(read.events.experience, plain.events.experience);
    EXPECT_EQ(read.rejected.size(), records / 1000);
    EXPECT_EQ(read.first_rows, plain.first_rows);
  }
}

TEST(read_progress_test, the_first_call_counts_the_header_read_and_a_strict_error_ends_the_calls_early) {
  const std::string header = "customer,touchpoint,time,experience\n";
  recorded_calls seen;
  EXPECT_THROW(
      (void)cxscore::parse_events_csv(events_text(records), test_map(), {.chunks = 1, .progress = seen.callback()}),
      cxscore::input_error);
  // The first bad row stands at record 1000, long before the first step: no call at all.
  EXPECT_TRUE(seen.calls.empty());
  recorded_calls small;
  const std::string one_row = header + "a,web,1767225600,3\n";
  (void)cxscore::parse_events_csv(one_row, test_map(), {.progress = small.callback()});
  small.expect_complete(one_row.size(), 1, 2);
  EXPECT_GE(small.calls.front().bytes_read, header.size());
}

/// A file of the fixture's text, removed at the end.
class file_test : public ::testing::Test {
 protected:
  void SetUp() override {
    m_path = fs::temp_directory_path() /
             (std::string("read_progress_") + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".csv");
    std::ofstream(m_path, std::ios::binary) << m_text;
  }
  void TearDown() override { fs::remove(m_path); }
  const std::string m_text = events_text(records);
  fs::path m_path;
};

TEST_F(file_test, the_windowed_reader_reports_every_window_to_the_end) {
  recorded_calls seen;
  std::size_t windows = 0;
  (void)cxscore::detail::read_events_csv_in_windows(
      m_path, test_map(), {.lenient = true, .progress = seen.callback()}, std::size_t{2} << 20,
      [&](const cxscore::event_table&, const cxscore::detail::event_columns&) { ++windows; });
  EXPECT_GE(windows, 5u);  // about 15 MB of text
  seen.expect_complete(m_text.size(), records, windows + 1);
}

TEST_F(file_test, the_event_log_reader_reports_to_the_end) {
  recorded_calls seen;
  const auto read = cxscore::read_event_log_csv(m_path, nullptr, {.lenient = true, .progress = seen.callback()});
  EXPECT_EQ(read.log.size(), records);  // without a map, "nowhere" is a touchpoint too
  seen.expect_complete(m_text.size(), records, m_text.size() / cxscore::detail::progress_meter::step_bytes + 1);
}

}  // namespace
