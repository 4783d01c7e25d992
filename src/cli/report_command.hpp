#pragma once
// `cxscore report`: the inputs of `cxscore score` (and optionally outcomes) in, one self-contained HTML page
// out, showing the numbers `score`, `journeys`, `owners`, `monitor`, `service` and `drivers` write as CSV.
#include <cstdint>
#include <filesystem>
#include <string>

#include "command_inputs.hpp"
#include "cxscore/monitor/time_windows.hpp"

namespace cxscore::cli {

struct report_args {
  input_args inputs;
  std::string outcomes, outcome = "retained", out, period = "week", title = "cxscore report";
  std::uint64_t min_edge_count = 0;  ///< 0 = automatic_min_edge_count()
  double window_days = 2;
  double fdr = monitor_options{}.fdr, min_effect = monitor_options{}.min_effect;
  std::size_t bootstrap = 100;
  std::uint64_t seed = 1;
  unsigned threads = 0;
};

int run_report(const report_args& args);

/// Analyses the inputs of `args` and writes the page to `path` (atomically); returns a one-line summary.
std::string write_report(const report_args& args, const std::filesystem::path& path);

}  // namespace cxscore::cli
