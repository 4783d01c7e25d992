#pragma once
// `cxscore simulate`: writes a deterministic synthetic retail brand (map, events, customers, outcomes,
// truth) into OUT.
#include <string>

#include "cxscore/sim/simulate.hpp"

namespace cxscore::cli {

struct simulate_args {
  simulate_options options;
  std::string out;
};

int run_simulate(const simulate_args& args);

}  // namespace cxscore::cli
