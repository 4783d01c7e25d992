#pragma once
/// A deterministic synthetic retail brand: the sample data of `cxscore demo` and the benchmark workload.
/// The same options give the same data on every machine. Each customer's journey is drawn from its own
/// random stream (seeded by the seed and the customer's number), so generation scales to 10^7 events.
///
/// ```cpp
/// auto brand = cxscore::simulate({.customers = 1000, .seed = 1});
/// auto result = cxscore::score(brand.events.view(), brand.map, cxscore::model::prospect(),
///                              {.customers = &brand.customers});
/// cxscore::write_simulation(brand, "out/");  // map.json, model.json, events.csv, customers.csv, outcomes.csv, truth.json
/// ```
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"

namespace cxscore {

struct simulate_options {
  std::size_t customers = 1000;
  std::uint64_t seed = 1;
};

/// Outcomes per customer code: NPS rating 0-10 and retention.
struct outcome_table {
  std::vector<std::int32_t> nps;
  std::vector<std::uint8_t> retained;
};

/// What the simulator knows and an analysis should recover.
struct simulation_truth {
  std::map<std::string, double> weights;  ///< true touchpoint importance in the outcome model
  double alpha = 0.88;
  double beta = 0.88;
  double lambda = 2.25;
  /// Experience touchpoint -> service touchpoint -> probability of a contact when unmet (and when met).
  struct trigger {
    std::string touchpoint;
    std::string service;
    double rate_unmet = 0;
    double rate_met = 0;
  };
  std::vector<trigger> service_triggers;
};

struct simulated_brand {
  journey_map map;
  /// The model to score it with: prospect, with each SERVQUAL item weighted 1/(number of items) so that
  /// one survey weighs as much as one encounter.
  cxscore::model model;
  event_table events;
  customer_table customers;
  outcome_table outcomes;
  simulation_truth truth;
};

[[nodiscard]] simulated_brand simulate(const simulate_options& options);

/// The truth.json text: true weights, value-function parameters, service triggers.
[[nodiscard]] std::string truth_json(const simulation_truth& truth);

/// Writes map.json, model.json, events.csv, customers.csv, outcomes.csv and truth.json into `dir` (created if needed).
void write_simulation(const simulated_brand& brand, const std::filesystem::path& dir);

}  // namespace cxscore
