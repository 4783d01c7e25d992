#pragma once
// DESIGN.md's scoring formulas written out the plainest way, sharing no code with the library, so that
// the library's output can be checked against an independent computation. Also writes a case as the
// input files the `cxscore` command reads.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cxscore_test {

struct ref_touchpoint {
  std::string name;
  double lo = 1, hi = 5;
  bool lower_is_better = false;
  double promise = NAN;  // NaN = none
  double weight = 1;
  bool service = false;
  std::string owner = "unassigned";
};

struct ref_event {
  std::string customer, touchpoint;
  double time = 0, experience = 0;
  double expectation = NAN;  // NaN = the promise
  std::string dimension;     // "" = none
};

struct ref_case {
  std::vector<ref_touchpoint> touchpoints;
  double alpha = 0.88, beta = 0.88, lambda = 2.25, recovery = 1, half_life_days = INFINITY, peak_end = 0;
  std::map<std::string, double> model_weights, dimension_weights;
  std::map<std::string, double> psi;  // customer weights; customers not listed weigh 1
  std::map<std::string, std::string> segment;
  std::vector<ref_event> events;

  const ref_touchpoint& tp(const std::string& name) const {
    for (const auto& t : touchpoints)
      if (t.name == name) return t;
    throw std::logic_error("no touchpoint " + name);
  }
  double weight_of(const std::string& customer) const {
    auto it = psi.find(customer);
    return it == psi.end() ? 1.0 : it->second;
  }
};

struct ref_group {
  double count = 0, weight = 0, gap = 0, value = 0, unmet = 0, contribution = 0, impact = 0;
};

struct ref_result {
  std::map<std::string, double> score;  // after the peak-end blend
  std::map<std::string, int> events;
  std::map<std::string, ref_group> by_touchpoint, by_owner, by_segment;
  double brand = 0;  // before the blend
  double psi_total = 0;
};

inline double ref_gap(const ref_case& k, const ref_event& e) {
  const ref_touchpoint& t = k.tp(e.touchpoint);
  const double p = std::isnan(e.expectation) ? t.promise : e.expectation;
  const double g = (t.lower_is_better ? p - e.experience : e.experience - p) / (t.hi - t.lo);
  return std::max(-1.0, std::min(1.0, g));
}

inline double ref_value(const ref_case& k, const ref_event& e) {
  const double g = ref_gap(k, e);
  double v = g >= 0 ? std::pow(g, k.alpha) : -k.lambda * std::pow(-g, k.beta);
  if (k.tp(e.touchpoint).service && v > 0) v *= k.recovery;
  return v;
}

inline ref_result reference_score(const ref_case& k) {
  ref_result r;
  std::vector<std::string> customers;
  for (const auto& e : k.events)
    if (std::find(customers.begin(), customers.end(), e.customer) == customers.end()) customers.push_back(e.customer);
  for (const auto& c : customers) r.psi_total += k.weight_of(c);
  for (const auto& c : customers) {
    std::vector<const ref_event*> mine;
    for (const auto& e : k.events)
      if (e.customer == c) mine.push_back(&e);
    double t_ref = -INFINITY;
    for (auto* e : mine) t_ref = std::max(t_ref, e->time);
    std::vector<double> w;
    double sum_w = 0, sum_wv = 0;
    for (auto* e : mine) {
      const double w_t =
          k.model_weights.count(e->touchpoint) ? k.model_weights.at(e->touchpoint) : k.tp(e->touchpoint).weight;
      const double w_d = k.dimension_weights.count(e->dimension) ? k.dimension_weights.at(e->dimension) : 1.0;
      const double decay =
          std::isinf(k.half_life_days) ? 1.0 : std::pow(2.0, -(t_ref - e->time) / (k.half_life_days * 86400));
      w.push_back(w_t * w_d * decay);
      sum_w += w.back();
      sum_wv += w.back() * ref_value(k, *e);
    }
    const double s = sum_wv / sum_w;
    const ref_event* peak = mine[0];
    const ref_event* end = mine[0];
    for (auto* e : mine) {
      if (std::abs(ref_value(k, *e)) > std::abs(ref_value(k, *peak))) peak = e;  // earliest wins a tie
      if (e->time >= end->time) end = e;                                         // last wins a tie
    }
    r.score[c] = (1 - k.peak_end) * s + k.peak_end * (ref_value(k, *peak) + ref_value(k, *end)) / 2;
    r.events[c] = static_cast<int>(mine.size());
    const double psi = k.weight_of(c);
    r.brand += psi * s / r.psi_total;
    const std::string segment = k.segment.count(c) ? k.segment.at(c) : "unassigned";
    for (std::size_t i = 0; i < mine.size(); ++i) {
      const double g = ref_gap(k, *mine[i]), v = ref_value(k, *mine[i]);
      for (ref_group* group : {&r.by_touchpoint[mine[i]->touchpoint], &r.by_owner[k.tp(mine[i]->touchpoint).owner],
                               &r.by_segment[segment]}) {
        group->count += 1;
        group->weight += psi;
        group->gap += psi * g;
        group->value += psi * v;
        group->unmet += g < 0 ? psi : 0;
        group->contribution += psi * w[i] / sum_w * v / r.psi_total;
        group->impact += psi * w[i] / sum_w * std::min(v, 0.0) / r.psi_total;
      }
    }
  }
  return r;
}

// ---- the case as input files ----

inline std::string number_text(double x) {
  std::ostringstream s;
  s.precision(17);
  s << x;
  return s.str();
}

inline std::string map_json(const ref_case& k) {
  std::string s = R"({"name": "reference", "touchpoints": [)";
  for (std::size_t i = 0; i < k.touchpoints.size(); ++i) {
    const auto& t = k.touchpoints[i];
    s += (i ? ", " : "") + std::string(R"({"name": ")") + t.name + R"(", "owner": ")" + t.owner + R"(", "scale": [)" +
         number_text(t.lo) + ", " + number_text(t.hi) + R"(], "direction": ")" +
         (t.lower_is_better ? "lower" : "higher") + R"(", "role": ")" + (t.service ? "service" : "experience") +
         R"(", "weight": )" + number_text(t.weight);
    if (!std::isnan(t.promise)) s += R"(, "promise": )" + number_text(t.promise);
    s += "}";
  }
  return s + "]}";
}

inline std::string model_json(const ref_case& k) {
  std::string s = R"({"alpha": )" + number_text(k.alpha) + R"(, "beta": )" + number_text(k.beta) + R"(, "lambda": )" +
                  number_text(k.lambda) + R"(, "recovery": )" + number_text(k.recovery) + R"(, "peak_end": )" +
                  number_text(k.peak_end);
  if (!std::isinf(k.half_life_days)) s += R"(, "half_life_days": )" + number_text(k.half_life_days);
  for (const auto* weights : {&k.model_weights, &k.dimension_weights}) {
    s += weights == &k.model_weights ? R"(, "weights": {)" : R"(, "dimension_weights": {)";
    bool first = true;
    for (const auto& [name, w] : *weights) {
      s += (first ? "\"" : ", \"") + name + "\": " + number_text(w);
      first = false;
    }
    s += "}";
  }
  return s + "}";
}

inline std::string events_csv(const ref_case& k) {
  std::string s = "dimension,experience,customer,time,touchpoint,expectation\n";  // any column order
  for (const auto& e : k.events)
    s += e.dimension + "," + number_text(e.experience) + "," + e.customer + "," + number_text(e.time) + "," +
         e.touchpoint + "," + (std::isnan(e.expectation) ? "" : number_text(e.expectation)) + "\n";
  return s;
}

inline std::string customers_csv(const ref_case& k) {
  std::string s = "customer,weight,segment\n";
  for (const auto& [c, w] : k.psi)
    s += c + "," + number_text(w) + "," + (k.segment.count(c) ? k.segment.at(c) : "") + "\n";
  return s;
}

}  // namespace cxscore_test
