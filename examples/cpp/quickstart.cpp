// Quick start: score a brand's events and print what to fix first.
//   quickstart examples/data/map.json examples/data/events.csv
#include <cxscore/cxscore.hpp>

#include <algorithm>
#include <cstdio>
#include <numeric>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s MAP.json EVENTS.csv\n", argv[0]);
    return 2;
  }
  try {
    const cxscore::journey_map map = cxscore::read_map_json(argv[1]);
    const cxscore::event_table events = cxscore::read_events_csv(argv[2], map).events;
    const cxscore::score_result result = cxscore::score(events.view(), map, cxscore::model::prospect());

    std::printf("brand index %.1f / 100 over %zu customers\n", result.brand_index(), events.customers.size());
    std::vector<std::size_t> order(map.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](auto a, auto b) { return result.touchpoints[a].impact_sum < result.touchpoints[b].impact_sum; });
    // Impact in index points: what each touchpoint's unmet expectations cost the average customer.
    for (const std::size_t t : order)
      std::printf("%-12s owner %-18s impact %+.2f index points  unmet in %.0f%% of encounters\n",
                  map[static_cast<cxscore::touchpoint_code>(t)].name.c_str(),
                  map[static_cast<cxscore::touchpoint_code>(t)].owner.c_str(),
                  result.impact_points(result.touchpoints[t]), 100 * result.touchpoints[t].unmet_share());
  } catch (const cxscore::input_error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
