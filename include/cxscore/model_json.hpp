#pragma once
/// Models as JSON: `{"preset", "alpha", "beta", "lambda", "recovery", "half_life_days", "peak_end",
/// "weights": {touchpoint: w}, "dimension_weights": {dimension: w}}`. The preset (default "prospect")
/// gives every parameter not written; `half_life_days` null or absent = no decay.
///
/// ```cpp
/// auto m = cxscore::load_model("servqual");         // a preset by name
/// auto n = cxscore::load_model("my_model.json");    // or a file
/// ```
#include <filesystem>
#include <string>
#include <string_view>

#include "cxscore/model.hpp"

namespace cxscore {

/// Parses and validates model JSON; `source` names the input in errors.
[[nodiscard]] model parse_model_json(std::string_view text, const std::string& source = "<model>");
[[nodiscard]] model read_model_json(const std::filesystem::path& path);
/// A preset name ("prospect", "servqual") or the path of a model JSON file.
[[nodiscard]] model load_model(const std::string& preset_or_path);
[[nodiscard]] std::string to_json(const model& m);

}  // namespace cxscore
