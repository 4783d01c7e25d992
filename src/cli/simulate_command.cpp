#include "simulate_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "internal/finite_output.hpp"

namespace cxscore::cli {

int run_simulate(const simulate_args& a) {
  const simulated_brand brand = simulate(a.options);
  write_simulation(brand, a.out);
  std::cout << fmt::format("wrote {}, {} to {}\n", detail::count_text(brand.events.customers.size(), "customer"),
                           detail::count_text(brand.events.size(), "event"), a.out);
  return 0;
}

}  // namespace cxscore::cli
