#pragma once
// `cxscore journeys`: discovery, graph analytics and the outcome Markov chain from an event log, or
// removal effects from ChannelAttribution's path format.
#include <cstddef>
#include <cstdint>
#include <string>

#include "command_inputs.hpp"

namespace cxscore::cli {

struct journeys_args {
  std::string events, map, outcomes, outcome = "retained", paths, out, dot, columns, separator;
  std::uint64_t min_edge_count = 1, min_variant_count = 1;
  bucket_args buckets;
  double min_path_share = 0.01;  // the worst-experience path's smallest support, as a share of journeys
  bool lenient = false;
  bool progress = false;  ///< a progress line on standard error while the events are read
};

/// Runs the command; throws input_error for bad input (the caller maps it to exit code 2).
int run_journeys(const journeys_args& args);

}  // namespace cxscore::cli
