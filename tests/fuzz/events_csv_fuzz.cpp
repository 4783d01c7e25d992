// Events CSV: strict and lenient reads of the same bytes. Beyond "input_error or success": what the
// reader accepts passes the library's own validation, lenient mode agrees with strict mode (a file
// strict mode accepts is read the same way leniently, with nothing rejected; a file strict mode refuses
// for a row is read leniently with that row among the rejected), and reading in 1, 3 or 7 chunks, or a
// window of a few bytes at a time (`score --buckets`), gives the same table, the same rejected rows and the
// same error.
#include <bit>
#include <cstdint>
#include <filesystem>
#include <string>

#include "cxscore/io/events_csv.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "fuzz_input.hpp"
#include "fuzz_map.hpp"
#include "internal/events_windows.hpp"

using namespace cxscore;

namespace {

/// What a read gave, in a form two reads compare by: the table's columns and labels, the rejected rows,
/// or the error's message.
template <class Read>
std::string outcome_of(Read&& read) {
  try {
    const events_read_result r = read();
    std::string s;
    const event_table& ev = r.events;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      s += std::to_string(ev.customer[i]) + ' ' + std::to_string(ev.touchpoint[i]) + ' ' +
           std::to_string(std::bit_cast<std::uint64_t>(ev.time[i])) + ' ' +
           std::to_string(std::bit_cast<std::uint64_t>(ev.experience[i])) + ' ';
      if (!ev.expectation.empty()) s += std::to_string(std::bit_cast<std::uint64_t>(ev.expectation[i])) + ' ';
      if (!ev.dimension.empty()) s += std::to_string(ev.dimension[i]);
      s += '\n';
    }
    for (const auto& label : ev.customers.labels()) s += label + '\n';
    for (const auto& label : ev.dimensions.labels()) s += label + '\n';
    for (const auto row : r.first_rows) s += std::to_string(row) + '\n';
    for (const auto& bad : r.rejected)
      s += std::to_string(bad.row) + bad.column + '\0' + bad.value + '\0' + bad.reason + '\n';
    return s;
  } catch (const input_error& e) {
    return std::string("error: ") + e.what();
  }
}

std::string outcome_of(std::string_view text, const journey_map& map, csv_read_options options) {
  return outcome_of([&] { return parse_events_csv(text, map, options, "<fuzz>"); });
}

/// The file read a window of `window_bytes` at a time, the windows' rows put back together and measured as
/// the whole-file reader measures them.
events_read_result read_in_windows(const std::filesystem::path& path, const journey_map& map,
                                   const csv_read_options& options, std::size_t window_bytes) {
  event_table all;
  events_read_result r = detail::read_events_csv_in_windows(path, map, options, window_bytes,
                                                            [&](const event_table& rows, const detail::event_columns&) {
    all.customer.insert(all.customer.end(), rows.customer.begin(), rows.customer.end());
    all.touchpoint.insert(all.touchpoint.end(), rows.touchpoint.begin(), rows.touchpoint.end());
    all.time.insert(all.time.end(), rows.time.begin(), rows.time.end());
    all.experience.insert(all.experience.end(), rows.experience.begin(), rows.experience.end());
    all.expectation.insert(all.expectation.end(), rows.expectation.begin(), rows.expectation.end());
    all.dimension.insert(all.dimension.end(), rows.dimension.begin(), rows.dimension.end());
  });
  all.customers = std::move(r.events.customers);
  all.dimensions = std::move(r.events.dimensions);
  measure_events(all, map);
  r.events = std::move(all);
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const journey_map& map = fuzz::example_map();
  bool strict_ok = false;
  std::size_t strict_rows = 0, strict_bad_row = 0;
  try {
    const events_read_result r = parse_events_csv(text, map, {}, "<fuzz>");
    fuzz::check(r.rejected.empty(), "strict read listed rejected rows");
    validate(r.events.view(), map, "<fuzz>");
    strict_ok = true;
    strict_rows = r.events.size();
  } catch (const input_error& e) {
    strict_bad_row = e.where().row;
  } catch (...) {
    fuzz::check(false, "strict read threw something other than input_error");
  }
  fuzz::expect_input_error_only([&] {
    const events_read_result r = parse_events_csv(text, map, {.lenient = true}, "<fuzz>");
    validate(r.events.view(), map, "<fuzz>");
    if (strict_ok) {
      fuzz::check(r.rejected.empty() && r.events.size() == strict_rows, "lenient read differs from strict");
    } else if (strict_bad_row > 1) {
      bool listed = false;
      for (const rejected_row& row : r.rejected) listed = listed || row.row == strict_bad_row;
      fuzz::check(listed, "a row strict mode refused is not among lenient mode's rejected rows");
    }
  });
  for (const bool lenient : {false, true}) {
    const std::string whole = outcome_of(text, map, {.lenient = lenient, .chunks = 1});
    for (const std::size_t chunks : {3, 7})
      fuzz::check(outcome_of(text, map, {.lenient = lenient, .chunks = chunks}) == whole,
                  "reading in chunks differs from reading the whole");
  }
  // The windowed reader reads a file.
  static const fuzz::scratch_file scratch("events");
  const std::filesystem::path& path = scratch.holding(text);
  for (const bool lenient : {false, true}) {
    const csv_read_options options{.lenient = lenient};
    const std::string whole = outcome_of([&] { return read_events_csv(path, map, options); });
    for (const std::size_t window : {1, 7, 64})
      fuzz::check(outcome_of([&] { return read_in_windows(path, map, options, window); }) == whole,
                  "reading a window at a time differs from reading the whole");
  }
  return 0;
}
