#pragma once
// `cxscore metrics`: NPS, CSAT and CES with confidence intervals, overall and by group.
#include <string>

namespace cxscore::cli {

struct metrics_args {
  std::string table, nps, csat, ces, by, out;
  double confidence = 0.95;
};

int run_metrics(const metrics_args& args);

}  // namespace cxscore::cli
