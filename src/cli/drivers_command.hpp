#pragma once
// `cxscore drivers`: key-driver analysis of a table (LMG, relative weights, betas, bootstrap intervals).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace cxscore::cli {

struct drivers_args {
  std::string table, outcome, drivers, id, out;
  std::size_t bootstrap = 0;
  std::uint64_t seed = 1;
  double confidence = 0.95;
  unsigned threads = 0;
};

CLI::App* add_drivers_command(CLI::App& app, drivers_args& args);
int run_drivers(const drivers_args& args);

}  // namespace cxscore::cli
