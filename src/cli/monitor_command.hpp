#pragma once
// `cxscore monitor`: scores by time window for the brand and each touchpoint, with the change from the
// previous window and a flag beyond noise, into OUT/brand_trend.csv, OUT/touchpoint_trend.csv and
// OUT/monitor_report.txt.
#include <string>
#include "command_inputs.hpp"

namespace cxscore::cli {

struct monitor_args {
  input_args inputs;
  std::string out;
  std::string period = "week";
  double z = 3;
};

int run_monitor(const monitor_args& args);

}  // namespace cxscore::cli
