#pragma once
// `cxscore score`: scores events against a journey map into OUT (customers.csv, the group tables,
// summary.json; rejected.csv in lenient mode), and optionally prints the report.
#include <string>

#include "command_inputs.hpp"

namespace cxscore::cli {

struct score_args {
  input_args inputs;
  std::string out, as_of;
  bool report = false;
  unsigned threads = 0;
  bucket_args buckets;
};

int run_score(const score_args& args);

}  // namespace cxscore::cli
