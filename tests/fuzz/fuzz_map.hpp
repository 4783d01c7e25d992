#pragma once
// The journey map the CSV fuzz targets read events against: examples/data/map.json in substance (six
// touchpoints, one with its own scale and "lower is better", one service touchpoint), so that seeds
// written from the examples are accepted and mutations reach the value checks behind the header.
#include "cxscore/io/json.hpp"

namespace cxscore::fuzz {

inline const journey_map& example_map() {
  static const journey_map map = parse_map_json(R"({
    "name": "small-shop", "scale": [1, 5],
    "touchpoints": [
      {"name": "website", "owner": "ecommerce", "promise": 4},
      {"name": "checkout", "owner": "ecommerce", "promise": 4, "weight": 1.5},
      {"name": "delivery", "owner": "logistics", "scale": [0, 240], "direction": "lower", "promise": 48, "weight": 2},
      {"name": "courier", "owner": "logistics", "scale": [1, 7]},
      {"name": "invoice", "owner": "finance", "promise": 4},
      {"name": "support", "role": "service", "owner": "customer_service", "promise": 4}],
    "transitions": [["website", "checkout"], ["checkout", "delivery"]]})",
                                                "<fuzz map>");
  return map;
}

}  // namespace cxscore::fuzz
