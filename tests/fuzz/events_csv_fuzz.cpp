// Events CSV: strict and lenient reads of the same bytes. Beyond "input_error or success": what the
// reader accepts passes the library's own validation, and lenient mode agrees with strict mode (a file
// strict mode accepts is read the same way leniently, with nothing rejected; a file strict mode refuses
// for a row is read leniently with that row among the rejected).
#include "cxscore/io/events_csv.hpp"
#include "fuzz_input.hpp"
#include "fuzz_map.hpp"

using namespace cxscore;

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
  return 0;
}
