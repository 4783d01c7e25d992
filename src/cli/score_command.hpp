#pragma once
// `cxscore score`: scores events against a journey map into OUT (customers.csv, the group tables,
// summary.json; rejected.csv in lenient mode), and optionally prints the report.
#include <string>

namespace cxscore::cli {

struct score_args {
  std::string map, events, customers, model = "prospect", out, columns, as_of;
  bool lenient = false, report = false;
  unsigned threads = 0;
};

int run_score(const score_args& args);

}  // namespace cxscore::cli
