#pragma once
/// Journey maps as JSON:
/// `{"name", "scale": [lo, hi], "touchpoints": [{"name", "role", "owner", "phase", "channel", "scale",
///   "direction": "higher"|"lower", "promise", "weight", "measure"}], "transitions": [[from, to], ...], "outcomes": [...]}`.
/// Only `touchpoints[].name` is required; a touchpoint without a scale takes the map's (default [1, 5]).
///
/// ```cpp
/// auto map = cxscore::read_map_json("examples/data/retail_map.json");
/// std::string text = cxscore::to_json(map);
/// ```
#include <filesystem>
#include <string>
#include <string_view>

#include "cxscore/journey_map.hpp"

namespace cxscore {

/// Parses map JSON; `source` names the input in errors.
[[nodiscard]] journey_map parse_map_json(std::string_view text, const std::string& source = "<map>");
[[nodiscard]] journey_map read_map_json(const std::filesystem::path& path);
/// The map as JSON that parse_map_json reads back to an equal map.
[[nodiscard]] std::string to_json(const journey_map& map);

}  // namespace cxscore
