// The time parser: noexcept, so a value or nullopt; a value is finite, and format_time of it reads back
// to the same time. (Epoch seconds beyond latest_calendar_time parse; the readers refuse them.)
#include <cmath>

#include "cxscore/time.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (fuzz::has_year_beyond_nanosecond_range(fuzz::as_text(data, size))) return -1;
  const std::optional<double> t = parse_time(fuzz::as_text(data, size));
  if (!t) return 0;
  fuzz::check(std::isfinite(*t), "parse_time returned a non-finite time");
  // format_time's range is the signed 64-bit nanosecond count (about 1677..2262); wider ranges are
  // issue 16's item 2, checked by its own tests.
  if (std::abs(*t) < 9.2e9) {
    const std::optional<double> back = parse_time(format_time(*t));
    fuzz::check(back.has_value(), "format_time wrote a time parse_time refuses");
    fuzz::check(std::abs(*back - *t) <= 1e-6 * std::max(1.0, std::abs(*t)) + 1e-9,
                "format_time does not read back to the same time");
  }
  return 0;
}
