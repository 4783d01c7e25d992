#pragma once
// Small random event logs for brute-force comparisons: a map of 2 to 5 touchpoints (t0 always a service
// touchpoint), a few customers, times on a half-day grid (ties, and times on a window's edge), ratings 1-5
// against a promise of 3 or an explicit expectation, and a window of 0.5, 1, 2 days or none.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"

namespace cxscore_test {

struct random_events {
  cxscore::journey_map map;
  std::vector<std::uint32_t> customer;
  std::vector<cxscore::touchpoint_code> touchpoint;
  std::vector<double> time, experience, expectation;
  std::size_t customers = 0;
  double window_days = 2;

  /// `service_share`: the chance that a touchpoint other than t0 is a service touchpoint too.
  random_events(std::mt19937_64& rng, double service_share, std::size_t max_customers, std::size_t min_events,
                std::size_t max_events) {
    const unsigned tps = 2 + static_cast<unsigned>(rng() % 4);
    for (unsigned t = 0; t < tps; ++t) {
      const bool service = t == 0 || static_cast<double>(rng() % 1000) < 1000 * service_share;
      map.add_touchpoint({.name = "t" + std::to_string(t),
                          .role = service ? cxscore::role::service : cxscore::role::experience,
                          .direction = rng() % 2 ? cxscore::direction::higher : cxscore::direction::lower,
                          .promise = 3});
    }
    customers = 1 + rng() % max_customers;
    const std::size_t n = min_events + rng() % (max_events - min_events + 1);
    for (std::size_t i = 0; i < n; ++i) {
      customer.push_back(static_cast<std::uint32_t>(rng() % customers));
      touchpoint.push_back(static_cast<cxscore::touchpoint_code>(rng() % tps));
      time.push_back(43200.0 * static_cast<double>(rng() % 12));
      experience.push_back(1.0 + static_cast<double>(rng() % 5));
      expectation.push_back(rng() % 3 == 0 ? 1.0 + static_cast<double>(rng() % 5) : NAN);
    }
    window_days = std::vector<double>{0.5, 1, 2, INFINITY}[rng() % 4];
  }
  [[nodiscard]] cxscore::event_view view() const {
    return {.customer = customer,
            .touchpoint = touchpoint,
            .time = time,
            .experience = experience,
            .expectation = expectation,
            .customer_count = customers};
  }
};

}  // namespace cxscore_test
