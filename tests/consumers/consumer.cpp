// A downstream program: scores two customers and checks the brand score against a hand calculation. It
// includes the one stage it uses, as a program that wants to compile fast does.
#include <cxscore/score.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  cxscore::journey_map map("consumer");
  map.add_touchpoint({.name = "delivery", .promise = 4});
  std::vector<std::uint32_t> customer{0, 1};
  std::vector<cxscore::touchpoint_code> tp{0, 0};
  std::vector<double> time{0, 0}, experience{5, 4};
  const cxscore::event_view events{
      .customer = customer, .touchpoint = tp, .time = time, .experience = experience, .customer_count = 2};
  cxscore::validate(events, map);
  const auto result = cxscore::score(events, map, cxscore::model::servqual());
  // Gaps on a 1-5 scale: +1/4 and 0, so the brand score is 0.125 and its index 56.25.
  const bool ok = std::abs(result.brand_score() - 0.125) < 1e-15 && std::abs(result.brand_index() - 56.25) < 1e-12;
  std::printf("brand index %.2f %s\n", result.brand_index(), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
