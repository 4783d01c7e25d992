#pragma once
// `cxscore metrics`: NPS, CSAT and CES with confidence intervals, overall and by group.
#include <CLI/CLI.hpp>

#include <string>

namespace cxscore::cli {

struct metrics_args {
  std::string table, nps, csat, ces, by, out;
  double confidence = 0.95;
};

CLI::App* add_metrics_command(CLI::App& app, metrics_args& args);
int run_metrics(const metrics_args& args);

}  // namespace cxscore::cli
