#pragma once
/// Journey maps and models as JSON.
///
/// A map: `{"name", "scale": [lo, hi], "touchpoints": [{"name", "role", "owner", "phase", "channel", "scale",
///   "direction": "higher"|"lower", "promise", "weight", "measure"}], "transitions": [[from, to], ...], "outcomes": [...]}`.
/// Only `touchpoints[].name` is required; a touchpoint without a scale takes the map's (default [1, 5]).
///
/// A model: `{"preset", "alpha", "beta", "lambda", "recovery", "half_life_days", "peak_end",
/// "weights": {touchpoint: w}, "dimension_weights": {dimension: w}}`. The preset (default "prospect")
/// gives every parameter not written; `half_life_days` null or absent = no decay.
///
/// ```cpp
/// auto map = cxscore::read_map_json("examples/data/retail_map.json");
/// std::string text = cxscore::to_json(map);
/// auto m = cxscore::load_model("servqual");         // a preset by name
/// auto n = cxscore::load_model("my_model.json");    // or a file
/// ```
#include <filesystem>
#include <string>
#include <string_view>

#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"

namespace cxscore {

/// Parses map JSON; `source` names the input in errors.
[[nodiscard]] journey_map parse_map_json(std::string_view text, const std::string& source = "<map>");
[[nodiscard]] journey_map read_map_json(const std::filesystem::path& path);
/// The map as JSON that parse_map_json reads back to an equal map.
[[nodiscard]] std::string to_json(const journey_map& map);

/// Parses and validates model JSON; `source` names the input in errors.
[[nodiscard]] model parse_model_json(std::string_view text, const std::string& source = "<model>");
[[nodiscard]] model read_model_json(const std::filesystem::path& path);
/// A preset name ("prospect", "servqual") or the path of a model JSON file.
[[nodiscard]] model load_model(const std::string& preset_or_path);
[[nodiscard]] std::string to_json(const model& m);

}  // namespace cxscore
