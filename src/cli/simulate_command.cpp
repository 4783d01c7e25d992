#include "simulate_command.hpp"

#include <fmt/format.h>

#include <iostream>

namespace cxscore::cli {

int run_simulate(const simulate_args& a) {
  const simulated_brand brand = simulate(a.options);
  write_simulation(brand, a.out);
  std::cout << fmt::format("wrote {} customers, {} events to {}\n", brand.events.customers.size(), brand.events.size(),
                           a.out);
  return 0;
}

}  // namespace cxscore::cli
