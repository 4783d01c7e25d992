#include "cxscore/drivers/driver_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "cxscore/encounter.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

namespace {

// The weighted sums of one customer × touchpoint cell per cell (customer-major): sum = Σ a·x and
// weight = Σ a over the cell's encounters, a = ω_d · recency, x = g or v; and each customer's event count.
struct cell_sums {
  std::size_t touchpoints = 0;
  std::vector<double> sum, weight;
  std::vector<std::uint32_t> events;

  [[nodiscard]] std::size_t cell(std::size_t customer, std::size_t touchpoint) const {
    return customer * touchpoints + touchpoint;
  }
  // A cell counts as visited where some encounter weighs in: not where every dimension met was weighted 0.
  [[nodiscard]] bool visited(std::size_t cell) const { return weight[cell] > 0; }
  [[nodiscard]] double mean(std::size_t cell) const { return sum[cell] / weight[cell]; }
};

void check_inputs(const event_view& ev, const model& m, std::span<const double> outcome,
                  const events_driver_options& o) {
  m.validate();
  if (outcome.size() != ev.customer_count)
    detail::fail({"<outcome>", 0, o.outcome, std::to_string(outcome.size())},
                 "one outcome per customer is needed (" + std::to_string(ev.customer_count) + ")");
}

// A customer's id in the table and in errors: its label, or else its code.
std::string label(const events_driver_options& o, std::size_t customer) {
  return customer < o.customer_labels.size() ? o.customer_labels[customer] : std::to_string(customer);
}

// The latest encounter time of each cell: the reference of the recency weights (any common reference
// gives the same mean, the latest keeps the weights near 1).
std::vector<double> latest_times(const event_view& ev, std::size_t touchpoints) {
  std::vector<double> latest(ev.customer_count * touchpoints, -std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < ev.size(); ++i) {
    double& t = latest[ev.customer[i] * touchpoints + ev.touchpoint[i]];
    t = std::max(t, ev.time[i]);
  }
  return latest;
}

// Every encounter into its cell, weighted as `score` weighs it but for the touchpoint weight (the same
// for every encounter of a cell).
cell_sums sum_cells(const event_view& ev, const journey_map& map, const model& m, driver_measure measure_kind) {
  const std::size_t customers = ev.customer_count, tps = map.size();
  const encounter_measure measure(map, m, ev.dimension_names);
  const bool decays = m.has_decay();
  if (decays && ev.time.empty())
    detail::fail({"<events>", 0, "time", ""}, "the model's half-life needs the events' times");
  const std::vector<double> latest = decays ? latest_times(ev, tps) : std::vector<double>{};
  cell_sums s{tps, std::vector<double>(customers * tps, 0.0), std::vector<double>(customers * tps, 0.0),
              std::vector<std::uint32_t>(customers, 0)};
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const std::size_t cell = s.cell(ev.customer[i], ev.touchpoint[i]);
    const encounter_values e = measure(ev, i);
    double a = measure.dimension_weight(ev.dimension_at(i));
    if (decays) a *= recency_weight(latest[cell], ev.time[i], m.half_life_days);
    s.sum[cell] += a * (measure_kind == driver_measure::gap ? e.gap : e.value);
    s.weight[cell] += a;
    ++s.events[ev.customer[i]];
  }
  return s;
}

// The customers that make rows of the table, in code order; the others go to `t.excluded` with the reason.
std::vector<std::size_t> kept_customers(const cell_sums& s, std::span<const double> outcome,
                                        const events_driver_options& o, driver_table& t) {
  std::vector<std::size_t> kept;
  for (std::size_t c = 0; c < s.events.size(); ++c) {
    std::string why, column = o.outcome;
    if (s.events[c] == 0)
      why = "no events", column = "customer";
    else if (std::isnan(outcome[c]))
      why = "no outcome";
    else if (!std::isfinite(outcome[c]))
      why = "outcome is not finite";
    else if (o.unvisited == unvisited_policy::drop_customer)
      for (std::size_t k = 0; k < s.touchpoints && why.empty(); ++k)
        if (!s.visited(s.cell(c, k))) why = "did not visit this touchpoint", column = t.drivers[k];
    if (why.empty())
      kept.push_back(c);
    else
      t.excluded.push_back({c + 1, label(o, c), column, why});
  }
  return kept;
}

// The value of an unvisited cell per touchpoint: 0, or under `touchpoint_mean` the mean of the kept
// customers' visited cells.
Eigen::VectorXd unvisited_fill(const cell_sums& s, const std::vector<std::size_t>& kept, unvisited_policy policy) {
  const auto p = static_cast<Eigen::Index>(s.touchpoints);
  Eigen::VectorXd fill = Eigen::VectorXd::Zero(p);
  if (policy != unvisited_policy::touchpoint_mean) return fill;
  Eigen::VectorXd count = Eigen::VectorXd::Zero(p);
  for (std::size_t c : kept)
    for (std::size_t k = 0; k < s.touchpoints; ++k)
      if (s.visited(s.cell(c, k))) {
        fill[static_cast<Eigen::Index>(k)] += s.mean(s.cell(c, k));
        count[static_cast<Eigen::Index>(k)] += 1;
      }
  return fill.cwiseQuotient(count.cwiseMax(1.0));
}

}  // namespace

driver_measure parse_driver_measure(const std::string& name) {
  if (name == "gap") return driver_measure::gap;
  if (name != "value") detail::fail({"<driver_table>", 0, "value", name}, "must be 'gap' or 'value'");
  return driver_measure::value;
}

unvisited_policy parse_unvisited_policy(const std::string& name) {
  if (name == "mean") return unvisited_policy::touchpoint_mean;
  if (name == "drop") return unvisited_policy::drop_customer;
  if (name != "zero") detail::fail({"<driver_table>", 0, "unvisited", name}, "must be 'zero', 'mean' or 'drop'");
  return unvisited_policy::zero;
}

driver_table build_driver_table(const event_view& ev, const journey_map& map, const model& m,
                                std::span<const double> outcome, const events_driver_options& o) {
  check_inputs(ev, m, outcome, o);
  const cell_sums s = sum_cells(ev, map, m, o.measure);
  driver_table t;
  t.outcome = o.outcome;
  for (std::size_t k = 0; k < s.touchpoints; ++k) t.drivers.push_back(map[static_cast<touchpoint_code>(k)].name);
  const std::vector<std::size_t> kept = kept_customers(s, outcome, o, t);
  const Eigen::VectorXd fill = unvisited_fill(s, kept, o.unvisited);
  const auto rows = static_cast<Eigen::Index>(kept.size()), p = static_cast<Eigen::Index>(s.touchpoints);
  t.data = Eigen::MatrixXd::Zero(rows, p + 1);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::size_t c = kept[static_cast<std::size_t>(r)];
    for (std::size_t k = 0; k < s.touchpoints; ++k) {
      const std::size_t cell = s.cell(c, k);
      t.data(r, static_cast<Eigen::Index>(k)) = s.visited(cell) ? s.mean(cell) : fill[static_cast<Eigen::Index>(k)];
    }
    t.data(r, p) = outcome[c];
    t.ids.push_back(label(o, c));
  }
  return t;
}

}  // namespace cxscore
