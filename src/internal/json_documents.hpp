#pragma once
// The JSON documents of the library's own types, each key listed once: the files (the map and model
// JSON, summary.json, truth.json) write them as text, and the Python bindings hand them over as dicts
// without going through text.
#include <nlohmann/json.hpp>

#include <cstddef>

#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/score.hpp"
#include "cxscore/sim/simulate.hpp"

namespace cxscore::detail {

/// The journey map in the format parse_map_json reads.
[[nodiscard]] nlohmann::ordered_json map_document(const journey_map& map);

/// The model in the format parse_model_json reads (no decay: a null half-life).
[[nodiscard]] nlohmann::ordered_json model_document(const model& m);

/// The brand figures of a scoring run: summary.json (undefined numbers null).
[[nodiscard]] nlohmann::ordered_json summary_document(const score_result& result, const journey_map& map,
                                                      const model& m, std::size_t rejected_rows,
                                                      std::size_t customers_without_events);

/// What the simulator built in: truth.json.
[[nodiscard]] nlohmann::ordered_json truth_document(const simulation_truth& truth);

}  // namespace cxscore::detail
