#pragma once
/// Service demand attribution: what poor experience costs in service. For each experience touchpoint,
/// the rate of later service contacts after a visit whose expectation was unmet versus met, the excess,
/// and the contacts it causes.
///
/// Definitions (per **visit**; a visit is one event row at an `experience` touchpoint, so each item of a
/// multi-item survey is a visit):
/// - a visit of customer c at touchpoint t, time τ, is **unmet** when its normalised gap g < 0
///   (`normalised_gap` of the event's expectation, or the touchpoint's promise), else **met**;
/// - its **later contacts** are the events of the same customer at `service` touchpoints with time in
///   `(τ, τ + window]`, window 2 days by default (contacts follow their cause within hours to a couple
///   of days; a long window lets unrelated later contacts in, and correlated experiences then look
///   causal). *Ties:* a contact at the very same time as the visit is not
///   later. Events need not be ordered: they are grouped by customer and ordered by time inside (a stable
///   counting sort by customer, then a stable sort by time only for a customer that needs it);
/// - `rate_unmet = contacts after unmet visits / unmet visits`, `rate_met` likewise;
///   `excess = rate_unmet − rate_met`; `caused_contacts = excess × unmet_visits`;
/// - confidence interval (Poisson counts, normal approximation, z = 1.96 by default):
///   `SE(excess) = sqrt(C_unmet / n_unmet² + C_met / n_met²)`, and
///   `[ci_low, ci_high] = n_unmet × (excess ∓ z·SE(excess))` — the interval of the *caused contacts*.
///   With no met (or no unmet) visits the rates are undefined: excess, caused and the interval are NaN;
/// - a contact after several unmet visits counts for each of them, so the touchpoints' caused contacts
///   overlap and their sum is no brand figure. The brand figure, `brand` — the share of all service
///   contacts that upstream unmet expectations explain, with its interval — comes from a joint model of
///   all the visits whose windows hold each contact, so every contact counts once (explained_share.hpp).
///
/// Work per customer: O(k log k) in its k events (a sort by time, binary searches and a sliding window; no
/// visit × contact pairs), however many visits and contacts a window holds.
///
/// Counts are unweighted (a contact is a contact, whatever the customer's weight ψ). Threads: customers are
/// split into contiguous ranges, each counted on its own thread (the bulk of the work), and the integer
/// counts merge exactly in range order, so the answer does not depend on the number of threads. Grouping
/// the events by customer (one counting sort, memory-bound, about a sixth of the one-thread time) and
/// the brand figure's fit (on at most a few thousand pooled patterns) run on the calling thread.
///
/// ```cpp
/// auto a = cxscore::attribute_service_demand(events.view(), map, {.window_days = 14});
/// for (const auto& d : a.ranked())   // largest caused_contacts first
///   std::printf("%s causes %.0f contacts\n", map[d.touchpoint].name.c_str(), d.caused_contacts);
/// double share = a.brand.share();   // with a.brand.share_ci_low(), share_ci_high()
/// ```
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <thread>
#include <utility>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/service/explained_share.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

/// Mergeable counts of one experience touchpoint.
struct service_counts {
  std::uint64_t unmet_visits = 0;
  std::uint64_t met_visits = 0;
  std::uint64_t contacts_after_unmet = 0;
  std::uint64_t contacts_after_met = 0;
  std::uint64_t visitors = 0;         ///< customers with at least one visit
  std::uint64_t unmet_customers = 0;  ///< customers with at least one unmet visit

  void merge(const service_counts& o) noexcept {
    unmet_visits += o.unmet_visits;
    met_visits += o.met_visits;
    contacts_after_unmet += o.contacts_after_unmet;
    contacts_after_met += o.contacts_after_met;
    visitors += o.visitors;
    unmet_customers += o.unmet_customers;
  }
};

/// One ranked row: the touchpoint's rates, excess and the contacts it causes with their interval.
struct service_demand {
  touchpoint_code touchpoint = 0;
  service_counts counts;
  double rate_unmet = 0, rate_met = 0, excess = 0, caused_contacts = 0, ci_low = 0, ci_high = 0;
  /// The share of its visitors with at least one unmet visit.
  [[nodiscard]] double unmet_customer_share() const noexcept {
    return static_cast<double>(counts.unmet_customers) / static_cast<double>(counts.visitors);
  }
  /// The interval lies above 0: more contacts than noise explains.
  [[nodiscard]] bool significant() const noexcept { return ci_low > 0; }
};

/// The rates, excess and interval of `c` (see the header for the formulas).
[[nodiscard]] inline service_demand service_demand_of(touchpoint_code t, const service_counts& c, double z = 1.96) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto n_u = static_cast<double>(c.unmet_visits), n_m = static_cast<double>(c.met_visits);
  const auto c_u = static_cast<double>(c.contacts_after_unmet), c_m = static_cast<double>(c.contacts_after_met);
  service_demand d{.touchpoint = t, .counts = c};
  d.rate_unmet = n_u > 0 ? c_u / n_u : nan;
  d.rate_met = n_m > 0 ? c_m / n_m : nan;
  d.excess = d.rate_unmet - d.rate_met;
  d.caused_contacts = d.excess * n_u;
  const double se = std::sqrt(c_u / (n_u * n_u) + c_m / (n_m * n_m));
  d.ci_low = n_u * (d.excess - z * se);
  d.ci_high = n_u * (d.excess + z * se);
  return d;
}

struct service_attribution {
  std::vector<service_counts> by_touchpoint;       ///< by touchpoint code; zero at service touchpoints
  std::vector<std::uint64_t> contacts_by_service;  ///< service events by touchpoint code
  std::uint64_t service_contacts = 0;              ///< all service events
  double first_time = std::numeric_limits<double>::infinity();   ///< earliest event (epoch seconds)
  double last_time = -std::numeric_limits<double>::infinity();   ///< latest event
  double window_days = 2;
  double z = 1.96;

  /// The demand of touchpoint `t`.
  [[nodiscard]] service_demand demand(touchpoint_code t) const { return service_demand_of(t, by_touchpoint[t], z); }

  /// Experience touchpoints with at least one visit, largest caused_contacts first (NaN last; ties keep
  /// map order).
  [[nodiscard]] std::vector<service_demand> ranked() const {
    std::vector<service_demand> rows;
    for (std::size_t t = 0; t < by_touchpoint.size(); ++t)
      if (by_touchpoint[t].unmet_visits + by_touchpoint[t].met_visits > 0)
        rows.push_back(demand(static_cast<touchpoint_code>(t)));
    std::stable_sort(rows.begin(), rows.end(), [](const service_demand& a, const service_demand& b) {
      if (std::isnan(b.caused_contacts)) return !std::isnan(a.caused_contacts);
      return a.caused_contacts > b.caused_contacts;
    });
    return rows;
  }
  contact_covers covers;  ///< the visits in each contact's window, pooled (see explained_share.hpp)
  explained_share brand;  ///< the share of all contacts upstream unmet expectations explain
  /// The time the events span, in average Gregorian months (30.436875 days); 0 for a single instant.
  [[nodiscard]] double months() const noexcept {
    return last_time > first_time ? (last_time - first_time) / (30.436875 * 86400.0) : 0.0;
  }
  /// `count` per month of the span (`count` itself when the span is under a month).
  [[nodiscard]] double per_month(double count) const noexcept { return count / std::max(months(), 1.0); }
};

struct service_options {
  double window_days = 2;  ///< later = within (τ, τ + window]; > 0, inf = no limit
  double z = 1.96;          ///< normal quantile of the interval
  unsigned threads = 0;     ///< 0 = std::thread::hardware_concurrency(); the result does not depend on it
  std::string source = "<events>";
};

namespace detail {
/// Events grouped by customer: `order` lists event indices customer by customer, input order kept
/// within a customer; customer c's events are order[begin[c] .. begin[c + 1]). A stable counting sort.
struct customer_grouping {
  std::vector<std::size_t> begin;
  std::vector<std::uint32_t> order;
};
[[nodiscard]] inline customer_grouping group_by_customer(const event_view& ev) {
  customer_grouping gr;
  gr.begin.assign(ev.customer_count + 1, 0);
  for (const std::uint32_t c : ev.customer) ++gr.begin[c + 1];
  std::partial_sum(gr.begin.begin(), gr.begin.end(), gr.begin.begin());
  std::vector<std::size_t> next(gr.begin.begin(), gr.begin.end() - 1);
  gr.order.resize(ev.size());
  for (std::size_t i = 0; i < ev.size(); ++i) gr.order[next[ev.customer[i]]++] = static_cast<std::uint32_t>(i);
  return gr;
}
}  // namespace detail

/// Attributes service contacts to upstream unmet expectations (see the header). Takes validated events
/// (see validate()); throws input_error for a window or z that is not > 0.
[[nodiscard]] inline service_attribution attribute_service_demand(const event_view& ev, const journey_map& map,
                                                                  const service_options& opt = {}) {
  if (!(opt.window_days > 0))
    detail::fail({opt.source, 0, "window_days", detail::number_text(opt.window_days)}, "the window must be > 0 days");
  if (!(opt.z > 0) || !std::isfinite(opt.z))
    detail::fail({opt.source, 0, "z", detail::number_text(opt.z)}, "z must be finite and > 0");
  if (ev.size() > std::numeric_limits<std::uint32_t>::max())
    detail::fail({opt.source, 0, "", std::to_string(ev.size())}, "more than 2^32 - 1 events in one call");
  const std::size_t tps = map.size();
  std::vector<bool> is_service(tps);
  for (std::size_t t = 0; t < tps; ++t) is_service[t] = map[static_cast<touchpoint_code>(t)].role == role::service;
  const double window = opt.window_days * 86400.0;
  const detail::customer_grouping gr = detail::group_by_customer(ev);

  struct partial {
    std::vector<service_counts> counts;
    std::vector<std::uint64_t> contacts;
    contact_covers covers;
    double first = std::numeric_limits<double>::infinity(), last = -std::numeric_limits<double>::infinity();
  };
  // Customers [from, to) into `p`. Per customer: its events in time order, a prefix count of service
  // events, and for each visit the contacts in (τ, τ + window] by two binary searches. Then each contact's
  // key, the visits whose windows hold it, by a sliding window: a visit enters once it is earlier than the
  // contact and leaves once its window ends before it, both in time order (τ + window rounds monotonically),
  // so the work is linear in the customer's events and their categories, not in visits × contacts.
  auto run = [&](std::size_t from, std::size_t to, partial& p) {
    p.counts.assign(tps, {});
    p.contacts.assign(tps, 0);
    std::vector<std::uint32_t> idx;
    std::vector<double> times;
    std::vector<std::uint32_t> prefix;
    std::vector<std::uint8_t> seen(tps), unmet_seen(tps);
    std::vector<double> visit_time, visit_end, contact_time;  // in time order
    std::vector<std::uint32_t> visit_category;
    std::vector<std::uint32_t> in_window(2 * tps, 0);  // visits holding the current contact, by category
    std::vector<std::uint32_t> active;                 // the categories with in_window > 0, ascending
    std::vector<std::uint32_t> key;
    for (std::size_t c = from; c < to; ++c) {
      const auto b = gr.order.begin() + static_cast<std::ptrdiff_t>(gr.begin[c]);
      const auto e = gr.order.begin() + static_cast<std::ptrdiff_t>(gr.begin[c + 1]);
      if (b == e) continue;
      idx.assign(b, e);
      auto by_time = [&](std::uint32_t x, std::uint32_t y) { return ev.time[x] < ev.time[y]; };
      if (!std::is_sorted(idx.begin(), idx.end(), by_time)) std::stable_sort(idx.begin(), idx.end(), by_time);
      const std::size_t k = idx.size();
      times.resize(k);
      prefix.assign(k + 1, 0);
      contact_time.clear();
      for (std::size_t j = 0; j < k; ++j) {
        times[j] = ev.time[idx[j]];
        const touchpoint_code t = ev.touchpoint[idx[j]];
        prefix[j + 1] = prefix[j] + (is_service[t] ? 1u : 0u);
        if (is_service[t]) ++p.contacts[t], contact_time.push_back(times[j]);
      }
      p.first = std::min(p.first, times.front());
      p.last = std::max(p.last, times.back());
      std::fill(seen.begin(), seen.end(), 0);
      std::fill(unmet_seen.begin(), unmet_seen.end(), 0);
      visit_time.clear();
      visit_end.clear();
      visit_category.clear();
      for (std::size_t j = 0; j < k; ++j) {
        const std::uint32_t i = idx[j];
        const touchpoint_code t = ev.touchpoint[i];
        if (is_service[t]) continue;
        const touchpoint& tp = map[t];
        const bool unmet = encounter_gap(tp, ev.experience[i], ev.expectation_at(i, no_promise)) < 0;
        const auto later = std::upper_bound(times.begin() + static_cast<std::ptrdiff_t>(j), times.end(), times[j]);
        const double end = times[j] + window;
        const auto until = std::isinf(window) ? times.end() : std::upper_bound(later, times.end(), end);
        const std::uint64_t contacts = prefix[static_cast<std::size_t>(until - times.begin())] -
                                       prefix[static_cast<std::size_t>(later - times.begin())];
        visit_time.push_back(times[j]);
        visit_end.push_back(end);
        visit_category.push_back(2 * t + (unmet ? 1u : 0u));
        service_counts& sc = p.counts[t];
        (unmet ? sc.unmet_visits : sc.met_visits) += 1;
        (unmet ? sc.contacts_after_unmet : sc.contacts_after_met) += contacts;
        if (!seen[t]) seen[t] = 1, ++sc.visitors;
        if (unmet && !unmet_seen[t]) unmet_seen[t] = 1, ++sc.unmet_customers;
      }
      // Each contact's categories with their counts, as one key; contacts without any are not pooled.
      // The visits holding a contact are [leave, enter) of the customer's visits in time order.
      std::size_t enter = 0, leave = 0;
      std::uint64_t* same_key = nullptr;  // the covers entry of the previous contact, while no visit moved
      for (const double contact : contact_time) {
        for (; enter < visit_time.size() && visit_time[enter] < contact; ++enter, same_key = nullptr) {
          const std::uint32_t category = visit_category[enter];
          if (in_window[category]++ == 0) active.insert(std::lower_bound(active.begin(), active.end(), category), category);
        }
        for (; leave < enter && !std::isinf(window) && visit_end[leave] < contact; ++leave, same_key = nullptr) {
          const std::uint32_t category = visit_category[leave];
          if (--in_window[category] == 0) active.erase(std::lower_bound(active.begin(), active.end(), category));
        }
        if (active.empty()) continue;
        if (!same_key) {
          key.clear();
          for (const std::uint32_t category : active) key.push_back(category), key.push_back(in_window[category]);
          same_key = &p.covers[key];
        }
        ++*same_key;
      }
      for (; leave < enter; ++leave) in_window[visit_category[leave]] = 0;
      active.clear();
    }
  };

  const std::size_t customers = ev.customer_count;
  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, customers / 4096)));
  std::vector<partial> parts(threads);
  {
    std::vector<std::jthread> pool;
    for (unsigned k = 1; k < threads; ++k)
      pool.emplace_back([&, k] { run(customers * k / threads, customers * (k + 1) / threads, parts[k]); });
    run(0, customers / threads, parts[0]);
  }
  service_attribution a;
  a.by_touchpoint.assign(tps, {});
  a.contacts_by_service.assign(tps, 0);
  a.window_days = opt.window_days;
  a.z = opt.z;
  for (const partial& p : parts) {  // fixed order; integer sums are exact anyway
    for (std::size_t t = 0; t < tps; ++t) {
      a.by_touchpoint[t].merge(p.counts[t]);
      a.contacts_by_service[t] += p.contacts[t];
      a.service_contacts += p.contacts[t];
    }
    for (const auto& [key, count] : p.covers) a.covers[key] += count;
    a.first_time = std::min(a.first_time, p.first);
    a.last_time = std::max(a.last_time, p.last);
  }
  std::vector<std::uint64_t> visits(2 * tps);
  for (std::size_t t = 0; t < tps; ++t) {
    visits[2 * t] = a.by_touchpoint[t].met_visits;
    visits[2 * t + 1] = a.by_touchpoint[t].unmet_visits;
  }
  a.brand = explain_service_contacts(a.covers, visits, a.service_contacts, {.z = opt.z});
  return a;
}

}  // namespace cxscore
