#include "cxscore/io/events_csv.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "cxscore/io/json.hpp"

namespace {

using cxscore::input_error;

const cxscore::journey_map& test_map() {
  static const auto map = cxscore::parse_map_json(R"({
    "name": "t", "scale": [1, 5],
    "touchpoints": [
      {"name": "web", "promise": 4},
      {"name": "survey", "scale": [1, 7]},
      {"name": "delivery", "scale": [0, 240], "direction": "lower", "promise": 48}
    ]})");
  return map;
}

cxscore::events_read_result parse(const std::string& text, const cxscore::csv_read_options& options = {}) {
  return cxscore::parse_events_csv(text, test_map(), options, "events.csv");
}

// Parses `text`, expecting an input_error at `row` and `column`; returns the message.
std::string error_of(const std::string& text, std::size_t row, const std::string& column) {
  try {
    (void)parse(text);
  } catch (const input_error& e) {
    EXPECT_EQ(e.where().file, "events.csv");
    EXPECT_EQ(e.where().row, row) << e.what();
    EXPECT_EQ(e.where().column, column) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

TEST(events_csv_test, reads_columns_in_any_order_with_codes_and_optional_columns) {
  const auto r = parse(
      "time,experience,touchpoint,customer,expectation,dimension,extra\n"
      "2026-03-01T10:00:00Z,5,web,alice,,,x\n"
      "1772359200,3,survey,bob,6,reliability,y\n"
      "2026-03-01T12:00:00+02:00,60.5,delivery,alice,,,z\n");
  const auto& ev = r.events;
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev.customers.labels(), (std::vector<std::string>{"alice", "bob"}));
  EXPECT_EQ(ev.customer, (std::vector<std::uint32_t>{0, 1, 0}));
  EXPECT_EQ(ev.touchpoint, (std::vector<cxscore::touchpoint_code>{0, 1, 2}));
  // 2026-03-01T10:00:00Z = 20513 days * 86400 + 36000 = 1772359200.
  EXPECT_EQ(ev.time[0], 1772359200.0);
  EXPECT_EQ(ev.time[1], 1772359200.0);
  EXPECT_EQ(ev.time[2], 1772359200.0);  // 12:00 at +02:00 is 10:00 UTC
  EXPECT_EQ(ev.experience, (std::vector<double>{5, 3, 60.5}));
  EXPECT_TRUE(std::isnan(ev.expectation[0]));
  EXPECT_EQ(ev.expectation[1], 6.0);
  EXPECT_EQ(ev.dimension, (std::vector<std::int32_t>{cxscore::no_dimension, 0, cxscore::no_dimension}));
  EXPECT_EQ(ev.dimensions.labels(), std::vector<std::string>{"reliability"});
  EXPECT_TRUE(r.rejected.empty());
}

TEST(events_csv_test, follows_rfc4180_quoting_and_line_endings) {
  const auto r = parse(
      "customer,touchpoint,time,experience\r\n"
      "\"Smith, \"\"J\"\"\",web,0,4\r\n"
      "\"multi\nline\",\"web\",\"10\",\"2.5\"\r\n"
      "\n"
      "plain,web,20,1");
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events.customers[0], "Smith, \"J\"");
  EXPECT_EQ(r.events.customers[1], "multi\nline");
  EXPECT_EQ(r.events.experience[1], 2.5);
  EXPECT_EQ(r.events.time[2], 20.0);
}

TEST(events_csv_test, renamed_columns_map_other_headers) {
  const auto r = parse(
      "case_id,activity,timestamp,rating\nc1,web,0,3\n",
      {.columns = {
           {"customer", "case_id"}, {"touchpoint", "activity"}, {"time", "timestamp"}, {"experience", "rating"}}});
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events.customers[0], "c1");
}

TEST(events_csv_test, a_nan_or_infinite_expectation_is_refused_not_taken_as_the_promise) {
  const std::string h = "customer,touchpoint,time,experience,expectation\n";
  for (const std::string cell : {"nan", "NaN", "-nan", "+nan", " nan ", "inf", "-Infinity"}) {
    std::string text = h;
    text.append("a,web,0,4,\nb,web,0,4,").append(cell).append("\n");
    EXPECT_NE(error_of(text, 3, "expectation").find("not a finite number"), std::string::npos) << cell;
  }
  // Lenient mode rejects exactly that row.
  const auto r = parse(h + "a,web,0,4,\nb,web,0,4,nan\n", {.lenient = true});
  EXPECT_EQ(r.events.size(), 1u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].column, "expectation");
}

TEST(events_csv_test, quoted_ids_are_kept_as_written_unquoted_blanks_are_trimmed) {
  const auto r = parse(
      "customer,touchpoint,time,experience,dimension\n"
      "\"a\",web,0,4,\n\" a\",web,0,4,\n\"a \",web,0,4,\n  a\t,web,0,4,\" x \"\n");
  ASSERT_EQ(r.events.size(), 4u);
  ASSERT_EQ(r.events.customers.size(), 3u);
  EXPECT_EQ(r.events.customers[r.events.customer[0]], "a");
  EXPECT_EQ(r.events.customers[r.events.customer[1]], " a");
  EXPECT_EQ(r.events.customers[r.events.customer[2]], "a ");
  EXPECT_EQ(r.events.customer[3], r.events.customer[0]) << "an unquoted id is trimmed";
  EXPECT_EQ(r.events.dimensions[0], " x ");
  // A quoted touchpoint name is matched as written: " web" is not in the map.
  error_of("customer,touchpoint,time,experience\na,\" web\",0,4\n", 2, "touchpoint");
  // The row of each customer's first event, for later errors.
  EXPECT_EQ(r.first_rows, (std::vector<std::size_t>{2, 3, 4}));
}

TEST(events_csv_test, bad_rows_name_file_row_column_and_value) {
  const std::string h = "customer,touchpoint,time,experience,expectation\n";
  EXPECT_NE(error_of(h + "a,web,0,4,\nb,checkout,0,4,\n", 3, "touchpoint").find("'checkout'"), std::string::npos);
  error_of(h + "a,web,0,,\n", 2, "experience");
  EXPECT_NE(error_of(h + "a,web,0,good,\n", 2, "experience").find("not a number"), std::string::npos);
  EXPECT_NE(error_of(h + "a,web,0,nan,\n", 2, "experience").find("finite"), std::string::npos);
  EXPECT_NE(error_of(h + "a,web,0,inf,\n", 2, "experience").find("finite"), std::string::npos);
  EXPECT_NE(error_of(h + "a,survey,0,8,4\n", 2, "experience").find("outside the scale"), std::string::npos);
  error_of(h + "a,survey,0,4,0\n", 2, "expectation");
  error_of(h + "a,web,0,4,high\n", 2, "expectation");
  EXPECT_NE(error_of(h + "a,web,yesterday,4,\n", 2, "time").find("unparsable time"), std::string::npos);
  // Milliseconds read as seconds: year 55,000.
  EXPECT_NE(error_of(h + "a,web,1700000000000,4,\n", 2, "time").find("beyond the year 9999"), std::string::npos);
  error_of(h + "a,web,2026-02-30,4,\n", 2, "time");
  error_of(h + "a,web,2026-01-01T25:00,4,\n", 2, "time");
  EXPECT_NE(error_of(h + "a,survey,0,4,\n", 2, "expectation").find("no promise"), std::string::npos);
  error_of("customer,touchpoint,time,experience\na,survey,0,4\n", 2, "touchpoint");
  error_of(h + ",web,0,4,\n", 2, "customer");
}

TEST(events_csv_test, bad_files_name_the_problem) {
  EXPECT_NE(error_of("", 0, "").find("empty"), std::string::npos);
  EXPECT_NE(error_of("customer,touchpoint,experience\na,web,3\n", 1, "time").find("missing required column"),
            std::string::npos);
  EXPECT_NE(error_of("customer,touchpoint,time,experience,time\na,web,0,3,0\n", 1, "time").find("duplicate"),
            std::string::npos);
  EXPECT_NE(
      error_of("customer,touchpoint,time,experience\na,web,0,3\n\"b,web,0,3\n", 3, "customer").find("unterminated"),
      std::string::npos);
  EXPECT_NE(error_of("customer,touchpoint,time,experience\na,\"web\"x,0,3\n", 2, "touchpoint").find("closing quote"),
            std::string::npos);
  EXPECT_NE(error_of("customer,touchpoint,time,experience\na,web,0\n", 2, "").find("expected 4 fields"),
            std::string::npos);
}

TEST(events_csv_test, lenient_mode_skips_and_lists_every_bad_row) {
  const auto r = parse(
      "customer,touchpoint,time,experience\n"
      "a,web,0,4\n"
      "ghost,nowhere,0,4\n"
      "b,web,0,9\n"
      "c,web,\"0\"x,4\n"
      "d,web,0,5\n"
      "e,web,0,\"3\n",
      {.lenient = true, .columns = {}});
  EXPECT_EQ(r.events.size(), 2u);
  // Rejected rows create no customers: only a and d are known.
  EXPECT_EQ(r.events.customers.labels(), (std::vector<std::string>{"a", "d"}));
  ASSERT_EQ(r.rejected.size(), 4u);
  EXPECT_EQ(r.rejected[0].row, 3u);
  EXPECT_EQ(r.rejected[0].column, "touchpoint");
  EXPECT_EQ(r.rejected[0].value, "nowhere");
  EXPECT_EQ(r.rejected[1].row, 4u);
  EXPECT_EQ(r.rejected[1].column, "experience");
  EXPECT_EQ(r.rejected[2].row, 5u);
  EXPECT_EQ(r.rejected[3].row, 7u);
  EXPECT_NE(r.rejected[3].reason.find("unterminated"), std::string::npos);
}

// A log of `rows` events in no customer order, with blank lines, CRLF endings, dimensions, expectations
// and, every `bad_every` rows (0: never), a row with an unknown touchpoint or an experience off the scale.
constexpr std::string_view log_header = "customer,touchpoint,time,experience,expectation,dimension\n";
constexpr std::size_t log_header_bytes = log_header.size();

std::string shuffled_log(std::size_t rows, std::size_t bad_every) {
  std::string text(log_header);
  std::uint64_t state = 12345;
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL, state >> 33; };
  for (std::size_t i = 0; i < rows; ++i) {
    const auto customer = "c" + std::to_string(next() % 700);
    if (bad_every && i % bad_every == bad_every - 1) {
      text += i % 2 ? customer + ",nowhere,5,4,,\n" : customer + ",web,5,9,,\n";
      continue;
    }
    const std::uint64_t r = next();
    const bool survey = r % 3 == 0;  // it has no promise: its rows carry an expectation
    text += customer + (survey ? ",survey," : ",web,") + std::to_string(1700000000 + i) + "," +
            std::to_string(1 + r % 5) + "," + (survey || r % 4 == 0 ? "3.5" : "") + "," + (r % 5 == 0 ? "speed" : "") +
            (r % 7 == 0 ? "\r\n" : "\n");
    if (r % 11 == 0) text += "\n";
  }
  return text;
}

void expect_same_read(const cxscore::events_read_result& a, const cxscore::events_read_result& b) {
  EXPECT_EQ(a.events.customer, b.events.customer);
  EXPECT_EQ(a.events.customers.labels(), b.events.customers.labels());
  EXPECT_EQ(a.events.touchpoint, b.events.touchpoint);
  EXPECT_EQ(a.events.time, b.events.time);
  EXPECT_EQ(a.events.experience, b.events.experience);
  ASSERT_EQ(a.events.expectation.size(), b.events.expectation.size());
  for (std::size_t i = 0; i < a.events.expectation.size(); ++i)  // NaN = the promise: compare the bits
    EXPECT_EQ(std::bit_cast<std::uint64_t>(a.events.expectation[i]),
              std::bit_cast<std::uint64_t>(b.events.expectation[i]));
  EXPECT_EQ(a.events.dimension, b.events.dimension);
  EXPECT_EQ(a.events.dimensions.labels(), b.events.dimensions.labels());
  EXPECT_EQ(a.first_rows, b.first_rows);
  ASSERT_EQ(a.rejected.size(), b.rejected.size());
  for (std::size_t i = 0; i < a.rejected.size(); ++i) {
    EXPECT_EQ(a.rejected[i].row, b.rejected[i].row);
    EXPECT_EQ(a.rejected[i].column, b.rejected[i].column);
    EXPECT_EQ(a.rejected[i].value, b.rejected[i].value);
    EXPECT_EQ(a.rejected[i].reason, b.rejected[i].reason);
  }
}

TEST(events_csv_test, any_number_of_chunks_reads_the_same_table) {
  const std::string text = shuffled_log(5000, 0);
  const auto whole = parse(text, {.chunks = 1});
  ASSERT_EQ(whole.events.size(), 5000u);
  // Codes in order of first appearance in the file, first rows named by their file line.
  EXPECT_EQ(whole.events.customer[0], 0u);
  EXPECT_EQ(whole.first_rows[0], 2u);
  for (const std::size_t chunks : {2, 3, 16, 64}) {
    SCOPED_TRACE(chunks);
    expect_same_read(parse(text, {.chunks = chunks}), whole);
  }
}

TEST(events_csv_test, any_number_of_chunks_rejects_the_same_rows) {
  const std::string text = shuffled_log(5000, 97);
  const auto whole = parse(text, {.lenient = true, .chunks = 1});
  ASSERT_EQ(whole.rejected.size(), 5000u / 97);
  for (const std::size_t chunks : {2, 3, 16}) {
    SCOPED_TRACE(chunks);
    expect_same_read(parse(text, {.lenient = true, .chunks = chunks}), whole);
  }
}

TEST(events_csv_test, any_number_of_chunks_stops_at_the_first_bad_row) {
  // Bad rows late in the file, in several chunks: the first one in the file is the error.
  std::string text = shuffled_log(4000, 0);
  const std::size_t late_row = 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  text += "late,web,5,9,,\n";
  text += shuffled_log(2000, 300).substr(log_header_bytes);
  const std::string expected = error_of(text, late_row, "experience");
  for (const std::size_t chunks : {2, 3, 16}) {
    SCOPED_TRACE(chunks);
    try {
      (void)parse(text, {.chunks = chunks});
      ADD_FAILURE() << "no error";
    } catch (const input_error& e) {
      EXPECT_EQ(e.what(), expected);
    }
  }
}

TEST(events_csv_test, quoted_fields_and_lone_carriage_returns_read_the_same_in_chunks) {
  // A quoted field may hold a line feed, and a lone CR ends a line: either makes the file one chunk.
  const std::string quoted =
      shuffled_log(3000, 0) + "\"multi\nline\",web,5,4,,\n" + shuffled_log(3000, 0).substr(log_header_bytes);
  const std::string lone_cr = shuffled_log(3000, 0) + "x,web,5,4,,\r" + shuffled_log(3000, 0).substr(log_header_bytes);
  for (const auto* text : {&quoted, &lone_cr}) {
    const auto whole = parse(*text, {.chunks = 1});
    expect_same_read(parse(*text, {.chunks = 16}), whole);
  }
  EXPECT_EQ(parse(quoted, {.chunks = 16}).events.customers.find("multi\nline").has_value(), true);
}

TEST(events_csv_test, semicolon_tab_and_bar_separated_files_read_as_the_comma_one) {
  const std::string comma = shuffled_log(300, 0);
  const auto expected = parse(comma);
  for (const char sep : {';', '\t', '|'}) {
    std::string text = comma;
    std::replace(text.begin(), text.end(), ',', sep);
    SCOPED_TRACE(std::string(1, sep));
    expect_same_read(parse(text), expected);                      // the header shows the separator
    expect_same_read(parse(text, {.separator = sep}), expected);  // or it is given
  }
  // A European export: ';' between fields, ',' inside a quoted field.
  const auto r = parse("customer;touchpoint;time;experience\n\"a,1\";web;0;4\n");
  EXPECT_EQ(r.events.customers.labels(), std::vector<std::string>{"a,1"});
  // Given a separator the file does not use, the header is one column: the error lists it.
  try {
    (void)parse(comma, {.separator = ';'});
    ADD_FAILURE() << "no error";
  } catch (const input_error& e) {
    EXPECT_NE(std::string(e.what()).find("the header has 'customer,touchpoint,time"), std::string::npos) << e.what();
  }
}

TEST(events_csv_test, a_gzip_file_reads_as_its_text) {
  const std::string text = shuffled_log(2000, 0);
  const auto path = std::filesystem::temp_directory_path() / "cxscore_events_gzip_test.csv.gz";
  for (const int members : {1, 2}) {  // `cat a.gz b.gz` is a gzip file too
    gzFile out = gzopen(path.c_str(), "wb");
    ASSERT_NE(out, nullptr);
    const std::size_t half = members == 1 ? text.size() : text.size() / 2;
    ASSERT_EQ(gzwrite(out, text.data(), static_cast<unsigned>(half)), static_cast<int>(half));
    gzclose(out);
    if (members == 2) {
      out = gzopen(path.c_str(), "ab");
      ASSERT_EQ(gzwrite(out, text.data() + half, static_cast<unsigned>(text.size() - half)),
                static_cast<int>(text.size() - half));
      gzclose(out);
    }
    SCOPED_TRACE(members);
    const auto read = cxscore::read_events_csv(path, test_map());
    EXPECT_EQ(read.events.size(), 2000u);
    expect_same_read(read, cxscore::parse_events_csv(text, test_map(), {}, path.string()));
  }
  std::filesystem::remove(path);
}

// A mapped file is read a window at a time, each chunk's pages let go behind it: over several windows (4 MiB
// each) and with chunk boundaries inside pages, the read is the text's.
TEST(events_csv_test, a_file_read_a_window_at_a_time_reads_as_its_text) {
  const std::string text = shuffled_log(400000, 211);
  ASSERT_GT(text.size(), std::size_t{9} << 20);
  // A name of this process's own: another run of the suite on the machine must not rewrite the file mapped here.
  const auto path =
      std::filesystem::temp_directory_path() / ("cxscore_events_window_test_" + std::to_string(::getpid()) + ".csv");
  {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  const auto whole = cxscore::parse_events_csv(text, test_map(), {.lenient = true, .chunks = 1}, path.string());
  for (const std::size_t chunks : {1, 3}) {
    SCOPED_TRACE(chunks);
    expect_same_read(cxscore::read_events_csv(path, test_map(), {.lenient = true, .chunks = chunks}), whole);
  }
  std::filesystem::remove(path);
}

TEST(events_csv_test, write_then_read_gives_the_same_numbers) {
  cxscore::event_table t;
  t.customer = {t.customers.encode("x,1"), t.customers.encode("y")};
  t.touchpoint = {0, 2};
  t.time = {1772359200.0, 1772359201.5};
  t.experience = {1.1 + 2.2, 239.9};  // 3.3000000000000003: needs all 17 digits
  t.expectation = {std::nan(""), 47.123456789012345};
  t.dimension = {cxscore::no_dimension, static_cast<std::int32_t>(t.dimensions.encode("speed"))};
  const auto path = std::filesystem::temp_directory_path() / "cxscore_events_roundtrip.csv";
  cxscore::write_events_csv(t, test_map(), path);
  const auto back = cxscore::read_events_csv(path, test_map()).events;
  EXPECT_EQ(back.customer, t.customer);
  EXPECT_EQ(back.customers.labels(), t.customers.labels());
  EXPECT_EQ(back.touchpoint, t.touchpoint);
  EXPECT_EQ(back.time, t.time);
  EXPECT_EQ(back.experience, t.experience);
  EXPECT_TRUE(std::isnan(back.expectation[0]));
  EXPECT_EQ(back.expectation[1], t.expectation[1]);
  EXPECT_EQ(back.dimension, t.dimension);
  std::filesystem::remove(path);
}

}  // namespace
