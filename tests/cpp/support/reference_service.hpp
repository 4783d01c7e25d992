#pragma once
// Service demand attribution written out the plainest way, for checking the library: for every visit at
// an experience touchpoint, scan all events of the same customer for service contacts in (τ, τ + window].
// O(n²), no sorting, no shared code with the library except the map it reads.
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"

namespace cxscore_test {

struct ref_service_row {
  double unmet_visits = 0, met_visits = 0, contacts_unmet = 0, contacts_met = 0;
  double rate_unmet = NAN, rate_met = NAN, excess = NAN, caused = NAN, ci_low = NAN, ci_high = NAN;
};

inline std::map<cxscore::touchpoint_code, ref_service_row> reference_service(const cxscore::event_view& v,
                                                                             const cxscore::journey_map& map,
                                                                             double window_days, double z = 1.96) {
  std::map<cxscore::touchpoint_code, ref_service_row> rows;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto& tp = map[v.touchpoint[i]];
    if (tp.role == cxscore::role::service) continue;
    const double p = v.expectation.empty() || std::isnan(v.expectation[i]) ? tp.promise : v.expectation[i];
    const double diff = tp.direction == cxscore::direction::higher ? v.experience[i] - p : p - v.experience[i];
    const bool unmet = diff < 0;
    double contacts = 0;
    for (std::size_t j = 0; j < v.size(); ++j)
      if (v.customer[j] == v.customer[i] && map[v.touchpoint[j]].role == cxscore::role::service &&
          v.time[j] > v.time[i] && v.time[j] - v.time[i] <= window_days * 86400)
        contacts += 1;
    auto& r = rows[v.touchpoint[i]];
    (unmet ? r.unmet_visits : r.met_visits) += 1;
    (unmet ? r.contacts_unmet : r.contacts_met) += contacts;
  }
  for (auto& [t, r] : rows) {
    if (r.unmet_visits == 0 || r.met_visits == 0) continue;
    r.rate_unmet = r.contacts_unmet / r.unmet_visits;
    r.rate_met = r.contacts_met / r.met_visits;
    r.excess = r.rate_unmet - r.rate_met;
    r.caused = r.excess * r.unmet_visits;
    const double var =
        r.contacts_unmet / (r.unmet_visits * r.unmet_visits) + r.contacts_met / (r.met_visits * r.met_visits);
    r.ci_low = r.unmet_visits * (r.excess - z * std::sqrt(var));
    r.ci_high = r.unmet_visits * (r.excess + z * std::sqrt(var));
  }
  return rows;
}

}  // namespace cxscore_test

namespace cxscore_test {

/// The brand figure's model fitted the plainest way: every contact with its own row of candidate visits
/// (all visits of the customer with the contact in (τ, τ + window]), category 2·t + unmet, no pooling;
/// 400,000 EM iterations at most (near a rate of 0, EM creeps: then it is close, not exact).
struct ref_explained {
  std::vector<double> rate;  ///< by category
  std::vector<double> visits;
  std::vector<std::vector<double>> rows;  ///< x_c of each covered contact
  double contacts = 0, covered = 0, explained = 0;
};

inline ref_explained reference_explained(const cxscore::event_view& v, const cxscore::journey_map& map,
                                         double window_days) {
  const std::size_t k = 2 * map.size();
  ref_explained r;
  r.visits.assign(k, 0);
  auto unmet_at = [&](std::size_t i) {
    const auto& tp = map[v.touchpoint[i]];
    const double p = v.expectation.empty() || std::isnan(v.expectation[i]) ? tp.promise : v.expectation[i];
    return (tp.direction == cxscore::direction::higher ? v.experience[i] - p : p - v.experience[i]) < 0;
  };
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (map[v.touchpoint[i]].role == cxscore::role::service) {
      r.contacts += 1;
      std::vector<double> x(k, 0);
      bool any = false;
      for (std::size_t j = 0; j < v.size(); ++j)
        if (v.customer[j] == v.customer[i] && map[v.touchpoint[j]].role == cxscore::role::experience &&
            v.time[i] > v.time[j] && v.time[i] - v.time[j] <= window_days * 86400)
          x[2 * v.touchpoint[j] + (unmet_at(j) ? 1 : 0)] += 1, any = true;
      if (any) r.rows.push_back(x), r.covered += 1;
    } else {
      r.visits[2 * v.touchpoint[i] + (unmet_at(i) ? 1 : 0)] += 1;
    }
  }
  std::vector<bool> held(k, false);
  for (const auto& x : r.rows)
    for (std::size_t c = 0; c < k; ++c) held[c] = held[c] || x[c] > 0;
  double held_visits = 0;
  for (std::size_t c = 0; c < k; ++c) held_visits += held[c] ? r.visits[c] : 0;
  r.rate.assign(k, 0);
  for (std::size_t c = 0; c < k; ++c) r.rate[c] = held[c] ? r.covered / held_visits : 0;
  for (int it = 0; it < 400000; ++it) {
    std::vector<double> next(k, 0);
    for (const auto& x : r.rows) {
      double lambda = 0;
      for (std::size_t c = 0; c < k; ++c) lambda += x[c] * r.rate[c];
      for (std::size_t c = 0; c < k; ++c) next[c] += x[c] * r.rate[c] / lambda;
    }
    double moved = 0;
    for (std::size_t c = 0; c < k; ++c) {
      next[c] = held[c] ? next[c] / r.visits[c] : 0;
      moved = std::max(moved, std::abs(next[c] - r.rate[c]));
    }
    r.rate = next;
    if (moved < 1e-15) break;
  }
  for (std::size_t t = 0; t < map.size(); ++t)
    if (r.visits[2 * t] > 0 && r.visits[2 * t + 1] > 0)
      r.explained += (r.rate[2 * t + 1] - r.rate[2 * t]) * r.visits[2 * t + 1];
  return r;
}

/// SE of E at the given rates (by category): the observed information Σ_c x_c x_cᵀ / (x_c · r)² over the
/// categories with a positive rate, inverted by Gauss-Jordan elimination with
/// partial pivoting; NaN when a pivot falls below 1e-9 of the largest diagonal (singular: not comparable).
inline double reference_standard_error(const ref_explained& r, const std::vector<double>& rate) {
  const std::size_t k = rate.size();
  std::vector<double> a(k, 0);
  for (std::size_t t = 0; 2 * t < k; ++t)
    if (r.visits[2 * t] > 0 && r.visits[2 * t + 1] > 0)
      a[2 * t + 1] = r.visits[2 * t + 1], a[2 * t] = -r.visits[2 * t + 1];
  std::vector<std::size_t> idx;
  for (std::size_t c = 0; c < k; ++c)
    if (rate[c] > 0) idx.push_back(c);
  const std::size_t m = idx.size();
  std::vector<std::vector<double>> info(m, std::vector<double>(2 * m, 0));
  for (const auto& x : r.rows) {
    double lambda = 0;
    for (std::size_t c = 0; c < k; ++c)
      if (x[c] > 0) lambda += x[c] * rate[c];
    for (std::size_t i = 0; i < m; ++i)
      for (std::size_t j = 0; j < m; ++j) info[i][j] += x[idx[i]] * x[idx[j]] / (lambda * lambda);
  }
  double largest = 0;
  for (std::size_t i = 0; i < m; ++i) info[i][m + i] = 1, largest = std::max(largest, info[i][i]);
  for (std::size_t col = 0; col < m; ++col) {
    std::size_t pivot = col;
    for (std::size_t i = col; i < m; ++i)
      if (std::abs(info[i][col]) > std::abs(info[pivot][col])) pivot = i;
    std::swap(info[col], info[pivot]);
    const double d = info[col][col];
    if (std::abs(d) < 1e-9 * largest) return NAN;
    for (auto& e : info[col]) e /= d;
    for (std::size_t i = 0; i < m; ++i)
      if (i != col) {
        const double f = info[i][col];
        for (std::size_t j = 0; j < 2 * m; ++j) info[i][j] -= f * info[col][j];
      }
  }
  double variance = 0;
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t j = 0; j < m; ++j) variance += a[idx[i]] * info[i][m + j] * a[idx[j]];
  return std::sqrt(std::max(0.0, variance));
}

}  // namespace cxscore_test
