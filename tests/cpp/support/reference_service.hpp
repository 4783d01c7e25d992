#pragma once
// Service demand attribution written out the plainest way, for checking the library: for every visit at
// an experience touchpoint, scan all events of the same customer for service contacts in (τ, τ + window].
// O(n²), no sorting, no shared code with the library except the map it reads.
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
    const double var = r.contacts_unmet / (r.unmet_visits * r.unmet_visits) + r.contacts_met / (r.met_visits * r.met_visits);
    r.ci_low = r.unmet_visits * (r.excess - z * std::sqrt(var));
    r.ci_high = r.unmet_visits * (r.excess + z * std::sqrt(var));
  }
  return rows;
}

}  // namespace cxscore_test
