#pragma once
// What the row screens (event_table.hpp's row_screen, the kernel's eight_row_screen) are checked against
// find_row_problem on: a map of a rated touchpoint without a promise and a measured one with a promise, and pools
// of values to draw rows from: good ones, values just off each scale, and every kind of bad value.
#include <cmath>
#include <limits>
#include <vector>

#include "cxscore/journey_map.hpp"
#include "cxscore/time.hpp"

namespace cxscore_test {

// website: 1-7 rating, no promise; delivery: hours on 0-240, lower is better, promise 48.
inline cxscore::journey_map website_and_delivery() {
  cxscore::journey_map map;
  map.add_touchpoint({.name = "website", .scale = {1, 7}});
  map.add_touchpoint({.name = "delivery", .scale = {0, 240}, .direction = cxscore::direction::lower, .promise = 48});
  return map;
}

struct screen_values {
  std::vector<double> experiences, expectations, times;
};

inline screen_values screen_values_to_draw() {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double inf = std::numeric_limits<double>::infinity();
  return {.experiences = {0, 1, 3, 7, 7.0000001, 0.9999999, 240, 240.5, -1, nan, inf, -inf, 48},
          .expectations = {nan, nan, 1, 5, 7, 8, 0, 240, 241, inf, -inf, -0.5},
          .times = {0, 1.7e9, -5, nan, inf, -inf, cxscore::earliest_calendar_time, cxscore::latest_calendar_time,
                    std::nextafter(cxscore::earliest_calendar_time, -inf),
                    std::nextafter(cxscore::latest_calendar_time, inf), 1.7e12, -1.7e12}};
}

}  // namespace cxscore_test
