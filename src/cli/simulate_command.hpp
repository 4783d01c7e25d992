#pragma once
// `cxscore simulate`: writes a deterministic synthetic retail brand (map, events, customers, outcomes,
// truth) into OUT.
#include <CLI/CLI.hpp>

#include <string>

#include "cxscore/sim/simulate.hpp"

namespace cxscore::cli {

struct simulate_args {
  simulate_options options;
  std::string out;
};

CLI::App* add_simulate_command(CLI::App& app, simulate_args& args);
int run_simulate(const simulate_args& args);

}  // namespace cxscore::cli
