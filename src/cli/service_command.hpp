#pragma once
// `cxscore service`: service demand attribution into OUT/service.csv and OUT/service_report.txt.
#include <string>
#include "command_inputs.hpp"

namespace cxscore::cli {

struct service_args {
  input_args inputs;
  std::string out;
  double window_days = 2;
  bucket_args buckets;
};

int run_service(const service_args& args);

}  // namespace cxscore::cli
