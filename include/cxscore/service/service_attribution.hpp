#pragma once
/// Service demand attribution: what poor experience costs in service. For each experience touchpoint,
/// the rate of later service contacts after a visit whose expectation was unmet versus met, the excess,
/// and the contacts it causes.
///
/// Definitions (per **visit**; a visit is one event at an `experience` touchpoint, so each item of a
/// multi-item survey, a row of its own, is a visit, while an event measured by several signals is one):
/// - a visit of customer c at touchpoint t, time τ, is **unmet** when its normalised gap g < 0
///   (`normalised_gap` of the event's expectation, or the touchpoint's promise; the mean of its signals'
///   gaps for a visit measured by several, as the journeys judge it), else **met**;
/// - its **later contacts** are the events of the same customer at `service` touchpoints (one per event:
///   a contact measured by several signals is one contact, event_view::begins_event) with time in
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
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/service/explained_share.hpp"

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
[[nodiscard]] service_demand service_demand_of(touchpoint_code t, const service_counts& c, double z = 1.96);

struct service_attribution {
  std::vector<service_counts> by_touchpoint;       ///< by touchpoint code; zero at service touchpoints
  std::vector<std::uint64_t> contacts_by_service;  ///< service events by touchpoint code (events, not signals)
  std::uint64_t service_contacts = 0;              ///< all service events
  double first_time = std::numeric_limits<double>::infinity();  ///< earliest event (epoch seconds)
  double last_time = -std::numeric_limits<double>::infinity();  ///< latest event
  double window_days = 2;
  double z = 1.96;

  /// The demand of touchpoint `t`.
  [[nodiscard]] service_demand demand(touchpoint_code t) const { return service_demand_of(t, by_touchpoint[t], z); }

  /// Experience touchpoints with at least one visit, largest caused_contacts first (NaN last; ties keep
  /// map order).
  [[nodiscard]] std::vector<service_demand> ranked() const;
  contact_covers covers;  ///< the visits in each contact's window, pooled (see explained_share.hpp)
  explained_share brand;  ///< the share of all contacts upstream unmet expectations explain
  /// The time the events span, in average Gregorian months (30.436875 days); 0 for a single instant.
  [[nodiscard]] double months() const noexcept {
    return last_time > first_time ? (last_time - first_time) / (30.436875 * 86400.0) : 0.0;
  }
  /// `count` per month of the span (`count` itself when the span is under a month).
  [[nodiscard]] double per_month(double count) const noexcept { return count / std::max(months(), 1.0); }

  /// Adds the counts of `o`, counted over other customers with the same map, window and z: integer sums, the
  /// union of the covers and the span's bounds, so merging the counts of partitions that each hold whole
  /// customers gives the one-pass counts exactly, in any order. `brand` is left as it is: fit it once on the
  /// merged counts (explain_brand_share). Refuses (input_error) counts of another map size, window or z.
  void merge(const service_attribution& o);
};

struct service_options {
  double window_days = 2;  ///< later = within (τ, τ + window]; > 0, inf = no limit
  double z = 1.96;         ///< normal quantile of the interval
  unsigned threads = 0;    ///< 0 = std::thread::hardware_concurrency(); the result does not depend on it
  std::string source = "<events>";
};

/// Throws input_error for a window or z that is not > 0: what attribute_service_demand and count_service_demand
/// refuse before reading an event, so that a command can refuse its flags before it reads a file.
void check_service_options(const service_options& opt);

/// Attributes service contacts to upstream unmet expectations (see the header). Takes validated events
/// (see validate()); throws input_error for a window or z that is not > 0. The same as
/// `explain_brand_share(count_service_demand(ev, map, opt))`.
[[nodiscard]] service_attribution attribute_service_demand(const event_view& ev, const journey_map& map,
                                                           const service_options& opt = {});

/// The mergeable part of attribute_service_demand: every count, the covers and the span, without the brand
/// figure (`brand` empty). What a partition holding whole customers computes; merge, then finish with
/// explain_brand_share.
[[nodiscard]] service_attribution count_service_demand(const event_view& ev, const journey_map& map,
                                                       const service_options& opt = {});

/// `a` with its brand figure fitted on its counts and covers: the joint model of explained_share.hpp, fitted
/// once however many pieces the counts were merged from.
[[nodiscard]] service_attribution explain_brand_share(service_attribution a);

}  // namespace cxscore
