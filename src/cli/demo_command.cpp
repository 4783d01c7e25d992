#include "demo_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "command_inputs.hpp"
#include "cxscore/report/report.hpp"
#include "cxscore/sim/simulate.hpp"
#include "owners_command.hpp"

namespace cxscore::cli {

CLI::App* add_demo_command(CLI::App& app, demo_args& a) {
  auto* command = app.add_subcommand("demo", "Score a built-in simulated retail brand and print the report");
  command->add_option("--customers", a.customers, "Customers to simulate")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  command->add_option("--seed", a.seed, "Random seed")->capture_default_str();
  return command;
}

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
