// Event log CSV (`cxscore journeys`): strict and lenient reads of the same bytes, with and without a map.
// Beyond "input_error or success": what the reader accepts is a consistent log (columns of one length, codes
// inside their dictionaries, finite times), lenient mode agrees with strict mode (a file strict mode accepts
// is read the same way leniently, with nothing rejected; a file strict mode refuses for a row is read
// leniently with that row among the rejected), and reading a window of a few bytes at a time (`journeys
// --buckets`) gives the same rows, codes, rejected rows and error.
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>

#include "cxscore/io/event_log_csv.hpp"
#include "fuzz_input.hpp"
#include "fuzz_map.hpp"
#include "internal/event_log_windows.hpp"

using namespace cxscore;

namespace {

void check_consistent(const event_log& log) {
  const std::size_t n = log.size();
  fuzz::check(log.touchpoint.size() == n && log.time.size() == n && (log.gap.empty() || log.gap.size() == n),
              "the log's columns differ in length");
  for (std::size_t i = 0; i < n; ++i) {
    fuzz::check(log.customer[i] < log.customers.size(), "a customer code outside its dictionary");
    fuzz::check(log.touchpoint[i] < log.touchpoints.size(), "a touchpoint code outside its dictionary");
    fuzz::check(std::isfinite(log.time[i]), "a time that is not finite");
  }
}

/// What a read gave, in a form two reads compare by: the columns and labels, the rejected rows, or the
/// error's message.
template <class Read>
std::string outcome_of(Read&& read) {
  try {
    const event_log_read_result r = read();
    const event_log& log = r.log;
    std::string s;
    for (std::size_t i = 0; i < log.size(); ++i)
      s += std::to_string(log.customer[i]) + ' ' + std::to_string(log.touchpoint[i]) + ' ' +
           std::to_string(std::bit_cast<std::uint64_t>(log.time[i])) + ' ' +
           std::to_string(std::bit_cast<std::uint64_t>(log.gap_at(i))) + '\n';
    for (const auto& label : log.customers.labels()) s += label + '\n';
    for (const auto& label : log.touchpoints.labels()) s += label + '\n';
    for (const auto& bad : r.rejected)
      s += std::to_string(bad.row) + bad.column + '\0' + bad.value + '\0' + bad.reason + '\n';
    return s;
  } catch (const input_error& e) {
    return std::string("error: ") + e.what();
  }
}

/// The file read a window of `window_bytes` at a time, the windows' rows put back together.
event_log_read_result read_in_windows(const std::filesystem::path& path, const journey_map* map,
                                      const csv_read_options& options, std::size_t window_bytes) {
  event_log all;
  event_log_read_result r =
      detail::read_event_log_csv_in_windows(path, map, options, window_bytes, [&](const event_log& rows) {
        all.customer.insert(all.customer.end(), rows.customer.begin(), rows.customer.end());
        all.touchpoint.insert(all.touchpoint.end(), rows.touchpoint.begin(), rows.touchpoint.end());
        all.time.insert(all.time.end(), rows.time.begin(), rows.time.end());
        for (std::size_t i = 0; i < rows.size(); ++i) all.gap.push_back(rows.gap_at(i));
      });
  all.customers = std::move(r.log.customers);
  all.touchpoints = std::move(r.log.touchpoints);
  r.log = std::move(all);
  return r;
}

void check_strict_against_lenient(std::string_view text, const journey_map* map) {
  bool strict_ok = false;
  std::size_t strict_rows = 0, strict_bad_row = 0;
  try {
    const event_log_read_result r = parse_event_log_csv(text, map, {}, "<fuzz>");
    fuzz::check(r.rejected.empty(), "strict read listed rejected rows");
    check_consistent(r.log);
    strict_ok = true;
    strict_rows = r.log.size();
  } catch (const input_error& e) {
    strict_bad_row = e.where().row;
  } catch (...) {
    fuzz::check(false, "strict read threw something other than input_error");
  }
  fuzz::expect_input_error_only([&] {
    const event_log_read_result r = parse_event_log_csv(text, map, {.lenient = true}, "<fuzz>");
    check_consistent(r.log);
    if (strict_ok) {
      fuzz::check(r.rejected.empty() && r.log.size() == strict_rows, "lenient read differs from strict");
    } else if (strict_bad_row > 1) {
      bool listed = false;
      for (const rejected_row& row : r.rejected) listed = listed || row.row == strict_bad_row;
      fuzz::check(listed, "a row strict mode refused is not among lenient mode's rejected rows");
    }
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  // The example map measures no touchpoint from the log, so a windowed read (which cannot fill such gaps)
  // gives every column of the whole read.
  const journey_map* maps[] = {nullptr, &fuzz::example_map()};
  for (const journey_map* map : maps) check_strict_against_lenient(text, map);
  // The windowed reader reads a file.
  static const fuzz::scratch_file scratch("event-log");
  const std::filesystem::path& path = scratch.holding(text);
  for (const journey_map* map : maps) {
    for (const bool lenient : {false, true}) {
      const csv_read_options options{.lenient = lenient};
      const std::string whole = outcome_of([&] { return read_event_log_csv(path, map, options); });
      for (const std::size_t window : {1, 7, 64})
        fuzz::check(outcome_of([&] { return read_in_windows(path, map, options, window); }) == whole,
                    "reading a window at a time differs from reading the whole");
    }
  }
  return 0;
}
