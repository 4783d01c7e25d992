// Events CSV: strict and lenient reads of the same bytes. Beyond "input_error or success": what the
// reader accepts passes the library's own validation, lenient mode agrees with strict mode (a file
// strict mode accepts is read the same way leniently, with nothing rejected; a file strict mode refuses
// for a row is read leniently with that row among the rejected), and reading in 1, 3 or 7 chunks gives
// the same table, the same rejected rows and the same error.
#include <bit>
#include <cstdint>
#include <string>

#include "cxscore/io/events_csv.hpp"
#include "fuzz_input.hpp"
#include "fuzz_map.hpp"

using namespace cxscore;

namespace {

/// What a read gave, in a form two reads compare by: the table's columns and labels, the rejected rows,
/// or the error's message.
std::string outcome_of(std::string_view text, const journey_map& map, csv_read_options options) {
  try {
    const events_read_result r = parse_events_csv(text, map, options, "<fuzz>");
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
  return 0;
}
