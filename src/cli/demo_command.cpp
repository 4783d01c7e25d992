#include "demo_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "command_inputs.hpp"
#include "cxscore/report/report.hpp"
#include "cxscore/sim/simulate.hpp"
#include "owners_command.hpp"

namespace cxscore::cli {

int run_demo(const demo_args& a) {
  const simulated_brand brand = simulate({.customers = a.customers, .seed = a.seed});
  const score_result result =
      score_events(brand.events, brand.map, brand.model, {.customers = &brand.customers, .source = "<demo>"});
  std::cout << render_report(result, brand.map,
                             {.title = fmt::format("cxscore demo (simulated retail brand, seed {}, model {}, "
                                                   "SERVQUAL items weighted 1/6)",
                                                   a.seed, brand.model.preset)});
  std::cout << '\n' << service_and_owner_sections(brand.events, brand.map, brand.model, &brand.customers, result);
  return 0;
}

}  // namespace cxscore::cli
