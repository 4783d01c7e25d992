#pragma once
// `cxscore drivers`: key-driver analysis (LMG, relative weights, betas, bootstrap intervals, fix first)
// of a driver table given as a CSV, or built from scored events and an outcomes CSV.
#include <cstdint>
#include <string>

#include "command_inputs.hpp"

namespace cxscore::cli {

struct drivers_args {
  std::string table, outcome, drivers, id, out;
  input_args inputs;  ///< --map, --events, ... when the table is built from events
  std::string outcomes, value = "value", unvisited = "zero";
  std::string method = "auto";
  std::size_t bootstrap = 0;
  std::uint64_t seed = 1;
  double confidence = 0.95;
  unsigned threads = 0;
};

int run_drivers(const drivers_args& args);

}  // namespace cxscore::cli
