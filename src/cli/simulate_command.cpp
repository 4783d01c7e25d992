#include "simulate_command.hpp"

#include <fmt/format.h>

#include <iostream>

namespace cxscore::cli {

CLI::App* add_simulate_command(CLI::App& app, simulate_args& a) {
  auto* command = app.add_subcommand(
      "simulate", "Write a deterministic synthetic retail brand (map, events, customers, outcomes, truth)");
  command->add_option("--customers", a.options.customers, "Customers")
      ->required()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  command->add_option("--seed", a.options.seed, "Random seed")->capture_default_str();
  command->add_option("--out", a.out, "Output folder")->required();
  return command;
}

int run_simulate(const simulate_args& a) {
  const simulated_brand brand = simulate(a.options);
  write_simulation(brand, a.out);
  std::cout << fmt::format("wrote {} customers, {} events to {}\n", brand.events.customers.size(), brand.events.size(),
                           a.out);
  return 0;
}

}  // namespace cxscore::cli
