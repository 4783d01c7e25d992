#pragma once
// `cxscore monitor`: scores by time window for the brand and each touchpoint, with the change from the
// previous window and a flag when it is beyond noise (false-discovery rate) and at least a minimum effect, into OUT/brand_trend.csv, OUT/touchpoint_trend.csv and
// OUT/monitor_report.txt.
#include <string>
#include "command_inputs.hpp"

namespace cxscore::cli {

struct monitor_args {
  input_args inputs;
  std::string out;
  std::string period = "week";
  double fdr = 0.05;        // false-discovery rate of the flags
  double min_effect = 1.0;  // smallest flagged index change, in points
  bucket_args buckets;
};

int run_monitor(const monitor_args& args);

}  // namespace cxscore::cli
