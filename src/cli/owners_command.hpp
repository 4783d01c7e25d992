#pragma once
// `cxscore owners`: owner scorecards into OUT/owners.csv, OUT/owner_trend.csv and OUT/owners_report.txt.
#include <string>
#include "command_inputs.hpp"

namespace cxscore::cli {

struct owners_args {
  input_args inputs;
  std::string out;
  std::string period = "month";
  double window_days = 2;
  double fdr = 0.05;        // false-discovery rate of the flags
  double min_effect = 1.0;  // smallest flagged index change, in points
  bucket_args buckets;
};

int run_owners(const owners_args& args);

/// The service and owner sections of a report, for inputs already scored (used by `demo` too).
[[nodiscard]] std::string service_and_owner_sections(const event_table& events, const journey_map& map, const model& m,
                                                     const customer_table* customers, const score_result& result);

}  // namespace cxscore::cli
