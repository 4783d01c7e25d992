// The time parser: noexcept, so a value or nullopt; a value is a finite time in the calendar, and
// format_time of it reads back to the same time.
#include <algorithm>
#include <cmath>

#include "cxscore/time.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::optional<double> t = parse_time(fuzz::as_text(data, size));
  if (!t) return 0;
  fuzz::check(in_calendar(*t), "parse_time returned a time outside the calendar");
  const std::optional<double> back = parse_time(format_time(*t));
  fuzz::check(back.has_value(), "format_time wrote a time parse_time refuses");
  fuzz::check(std::abs(*back - *t) <= 1e-9 + 4e-16 * std::abs(*t), "format_time does not read back to the same time");
  return 0;
}
