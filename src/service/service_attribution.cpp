#include "cxscore/service/service_attribution.hpp"

#include <bit>
#include <cmath>
#include <numeric>
#include <span>
#include <thread>
#include <utility>

#include "cxscore/error.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

service_demand service_demand_of(touchpoint_code t, const service_counts& c, double z) {
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

std::vector<service_demand> service_attribution::ranked() const {
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

void check_service_options(const service_options& opt) {
  if (!(opt.window_days > 0))
    detail::fail({opt.source, 0, "window_days", detail::number_text(opt.window_days)}, "the window must be > 0 days");
  if (!(opt.z > 0) || !std::isfinite(opt.z))
    detail::fail({opt.source, 0, "z", detail::number_text(opt.z)}, "z must be finite and > 0");
}

namespace {

void check_options(const event_view& ev, const service_options& opt) {
  check_service_options(opt);
  if (ev.size() > std::numeric_limits<std::uint32_t>::max())
    detail::fail({opt.source, 0, "", std::to_string(ev.size())}, "more than 2^32 - 1 events in one call");
}

/// Events grouped by customer: `order` lists event indices customer by customer, input order kept
/// within a customer; customer c's events are order[begin[c] .. begin[c + 1]). A stable counting sort.
struct customer_grouping {
  std::vector<std::size_t> begin;
  std::vector<std::uint32_t> order;

  [[nodiscard]] std::span<const std::uint32_t> events(std::size_t c) const noexcept {
    return std::span<const std::uint32_t>(order).subspan(begin[c], begin[c + 1] - begin[c]);
  }
};

customer_grouping group_by_customer(const event_view& ev) {
  customer_grouping gr;
  gr.begin.assign(ev.customer_count + 1, 0);
  for (const std::uint32_t c : ev.customer) ++gr.begin[c + 1];
  std::partial_sum(gr.begin.begin(), gr.begin.end(), gr.begin.begin());
  std::vector<std::size_t> next(gr.begin.begin(), gr.begin.end() - 1);
  gr.order.resize(ev.size());
  for (std::size_t i = 0; i < ev.size(); ++i) gr.order[next[ev.customer[i]]++] = static_cast<std::uint32_t>(i);
  return gr;
}

/// What the touchpoints of the map are: service (contacts) or experience (visits).
struct service_setting {
  const event_view& ev;
  const journey_map& map;
  std::vector<bool> is_service;  ///< by touchpoint code
  double window;                 ///< seconds
};

/// Counts customers one at a time into the counts of a range, reusing its buffers from customer to customer. Per
/// customer: its events in time order, a prefix count of service events, and for each visit the
/// contacts in (τ, τ + window] by two binary searches. Then each contact's key, the visits whose windows
/// hold it, by a sliding window: a visit enters once it is earlier than the contact and leaves once its
/// window ends before it, both in time order (τ + window rounds monotonically), so the work is linear in
/// the customer's events and their categories, not in visits × contacts.
class customer_counter {
 public:
  customer_counter(const service_setting& setting, service_attribution& p)
      : m_set(setting),
        m_p(p),
        m_seen(setting.map.size()),
        m_unmet_seen(setting.map.size()),
        m_in_window(2 * setting.map.size(), 0) {
    p.by_touchpoint.assign(setting.map.size(), {});
    p.contacts_by_service.assign(setting.map.size(), 0);
  }

  /// Adds one customer's events (indices into the events, not empty).
  void add(std::span<const std::uint32_t> events) {
    order_by_time(events);
    count_contacts();
    count_visits();
    pool_covers();
  }

 private:
  void order_by_time(std::span<const std::uint32_t> events) {
    m_idx.assign(events.begin(), events.end());
    auto by_time = [&](std::uint32_t x, std::uint32_t y) { return m_set.ev.time[x] < m_set.ev.time[y]; };
    if (!std::is_sorted(m_idx.begin(), m_idx.end(), by_time)) std::stable_sort(m_idx.begin(), m_idx.end(), by_time);
  }

  /// The times, the prefix count of service events and the contacts' times; the span of the events.
  void count_contacts() {
    const std::size_t k = m_idx.size();
    m_times.resize(k);
    m_prefix.assign(k + 1, 0);
    m_contact_time.clear();
    for (std::size_t j = 0; j < k; ++j) {
      m_times[j] = m_set.ev.time[m_idx[j]];
      const touchpoint_code t = m_set.ev.touchpoint[m_idx[j]];
      // A contact measured by several signals is one contact, however many encounters it scores as.
      const bool contact = m_set.is_service[t] && m_set.ev.begins_event(m_idx[j]);
      m_prefix[j + 1] = m_prefix[j] + (contact ? 1u : 0u);
      if (contact) ++m_p.contacts_by_service[t], ++m_p.service_contacts, m_contact_time.push_back(m_times[j]);
    }
    m_p.first_time = std::min(m_p.first_time, m_times.front());
    m_p.last_time = std::max(m_p.last_time, m_times.back());
  }

  /// The gap of the visit whose first row is m_idx[j]: the row's, or the mean of its signals' (the rows
  /// that follow it in time order too, having its time and following it in the input), as the journeys
  /// judge a visit measured by several signals.
  [[nodiscard]] double visit_gap(std::size_t j) const {
    double sum = 0;
    std::size_t rows = 0;
    for (std::size_t k = j; k < m_idx.size() && (k == j || !m_set.ev.begins_event(m_idx[k])); ++k, ++rows) {
      const std::uint32_t i = m_idx[k];
      sum += encounter_gap(m_set.map[m_set.ev.touchpoint[i]], m_set.ev.experience[i],
                           m_set.ev.expectation_at(i, no_promise));
    }
    return sum / static_cast<double>(rows);
  }

  /// Each visit, met or unmet, with the contacts later within its window; its window kept for pooling.
  void count_visits() {
    std::fill(m_seen.begin(), m_seen.end(), 0);
    std::fill(m_unmet_seen.begin(), m_unmet_seen.end(), 0);
    m_visit_time.clear();
    m_visit_end.clear();
    m_visit_category.clear();
    const double window = m_set.window;
    for (std::size_t j = 0; j < m_idx.size(); ++j) {
      const std::uint32_t i = m_idx[j];
      const touchpoint_code t = m_set.ev.touchpoint[i];
      if (m_set.is_service[t] || !m_set.ev.begins_event(i)) continue;
      const bool unmet = visit_gap(j) < 0;
      const auto later = std::upper_bound(m_times.begin() + static_cast<std::ptrdiff_t>(j), m_times.end(), m_times[j]);
      const double end = m_times[j] + window;
      const auto until = std::isinf(window) ? m_times.end() : std::upper_bound(later, m_times.end(), end);
      const std::uint64_t contacts = m_prefix[static_cast<std::size_t>(until - m_times.begin())] -
                                     m_prefix[static_cast<std::size_t>(later - m_times.begin())];
      m_visit_time.push_back(m_times[j]);
      m_visit_end.push_back(end);
      m_visit_category.push_back(2 * t + (unmet ? 1u : 0u));
      service_counts& sc = m_p.by_touchpoint[t];
      (unmet ? sc.unmet_visits : sc.met_visits) += 1;
      (unmet ? sc.contacts_after_unmet : sc.contacts_after_met) += contacts;
      if (!m_seen[t]) m_seen[t] = 1, ++sc.visitors;
      if (unmet && !m_unmet_seen[t]) m_unmet_seen[t] = 1, ++sc.unmet_customers;
    }
  }

  /// Each contact's categories with their counts, as one key; contacts without any are not pooled. The
  /// visits holding a contact are [leave, enter) of the customer's visits in time order.
  void pool_covers() {
    const bool unlimited = std::isinf(m_set.window);
    std::size_t enter = 0, leave = 0;
    std::uint64_t* same_key = nullptr;  // the covers entry of the previous contact, while no visit moved
    for (const double contact : m_contact_time) {
      for (; enter < m_visit_time.size() && m_visit_time[enter] < contact; ++enter, same_key = nullptr) {
        const std::uint32_t category = m_visit_category[enter];
        if (m_in_window[category]++ == 0)
          m_active.insert(std::lower_bound(m_active.begin(), m_active.end(), category), category);
      }
      for (; leave < enter && !unlimited && m_visit_end[leave] < contact; ++leave, same_key = nullptr) {
        const std::uint32_t category = m_visit_category[leave];
        if (--m_in_window[category] == 0) m_active.erase(std::lower_bound(m_active.begin(), m_active.end(), category));
      }
      if (m_active.empty()) continue;
      if (!same_key) {
        m_key.clear();
        for (const std::uint32_t category : m_active) m_key.push_back(category), m_key.push_back(m_in_window[category]);
        same_key = &m_p.covers[m_key];
      }
      ++*same_key;
    }
    for (; leave < enter; ++leave) m_in_window[m_visit_category[leave]] = 0;
    m_active.clear();
  }

  const service_setting& m_set;
  service_attribution& m_p;
  std::vector<std::uint32_t> m_idx;
  std::vector<double> m_times;
  std::vector<std::uint32_t> m_prefix;
  std::vector<std::uint8_t> m_seen, m_unmet_seen;
  std::vector<double> m_visit_time, m_visit_end, m_contact_time;  // in time order
  std::vector<std::uint32_t> m_visit_category;
  std::vector<std::uint32_t> m_in_window;  // visits holding the current contact, by category
  std::vector<std::uint32_t> m_active;     // the categories with m_in_window > 0, ascending
  std::vector<std::uint32_t> m_key;
};

/// Customers split into contiguous ranges, one per thread, each counted on its own.
std::vector<service_attribution> count_in_ranges(const service_setting& setting, const customer_grouping& gr,
                                                 const service_options& opt) {
  const std::size_t customers = setting.ev.customer_count;
  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, customers / 4096)));
  auto run = [&](std::size_t from, std::size_t to, service_attribution& p) {
    customer_counter counter(setting, p);
    for (std::size_t c = from; c < to; ++c)
      if (gr.begin[c] != gr.begin[c + 1]) counter.add(gr.events(c));
  };
  service_attribution blank;
  blank.window_days = opt.window_days;
  blank.z = opt.z;
  std::vector<service_attribution> parts(threads, blank);
  {
    std::vector<std::jthread> pool;
    for (unsigned k = 1; k < threads; ++k)
      pool.emplace_back([&, k] { run(customers * k / threads, customers * (k + 1) / threads, parts[k]); });
    run(0, customers / threads, parts[0]);
  }
  return parts;
}

/// The ranges' counts merged in range order (integer sums: exact, whatever the number of threads).
service_attribution merge_ranges(const std::vector<service_attribution>& parts, std::size_t tps,
                                 const service_options& opt) {
  service_attribution a;
  a.by_touchpoint.assign(tps, {});
  a.contacts_by_service.assign(tps, 0);
  a.window_days = opt.window_days;
  a.z = opt.z;
  for (const service_attribution& p : parts) a.merge(p);
  return a;
}

/// The brand figure: the joint model of the pooled covers, with the visits by category.
explained_share brand_share(const service_attribution& a, double z) {
  const std::size_t tps = a.by_touchpoint.size();
  std::vector<std::uint64_t> visits(2 * tps);
  for (std::size_t t = 0; t < tps; ++t) {
    visits[2 * t] = a.by_touchpoint[t].met_visits;
    visits[2 * t + 1] = a.by_touchpoint[t].unmet_visits;
  }
  return explain_service_contacts(a.covers, visits, a.service_contacts, {.z = z});
}

}  // namespace

void service_attribution::merge(const service_attribution& o) {
  auto refuse = [](const char* column, const std::string& value, const std::string& reason) {
    detail::fail({.file = "<summaries>", .column = column, .value = value}, reason);
  };
  if (o.by_touchpoint.size() != by_touchpoint.size() || o.contacts_by_service.size() != contacts_by_service.size())
    refuse("touchpoints", std::to_string(o.by_touchpoint.size()),
           "cannot merge service counts of " + std::to_string(o.by_touchpoint.size()) + " touchpoints into " +
               std::to_string(by_touchpoint.size()));
  // Compared as bits: the same arguments give the same doubles on every worker.
  if (std::bit_cast<std::uint64_t>(o.window_days) != std::bit_cast<std::uint64_t>(window_days))
    refuse("window_days", detail::number_text(o.window_days),
           "cannot merge service counts of another window (" + detail::number_text(window_days) + " days)");
  if (std::bit_cast<std::uint64_t>(o.z) != std::bit_cast<std::uint64_t>(z))
    refuse("z", detail::number_text(o.z), "cannot merge service counts of another z (" + detail::number_text(z) + ")");
  for (std::size_t t = 0; t < by_touchpoint.size(); ++t) {
    by_touchpoint[t].merge(o.by_touchpoint[t]);
    contacts_by_service[t] += o.contacts_by_service[t];
  }
  service_contacts += o.service_contacts;
  for (const auto& [key, count] : o.covers) covers[key] += count;
  first_time = std::min(first_time, o.first_time);
  last_time = std::max(last_time, o.last_time);
}

service_attribution count_service_demand(const event_view& ev, const journey_map& map, const service_options& opt) {
  check_options(ev, opt);
  const std::size_t tps = map.size();
  service_setting setting{
      .ev = ev, .map = map, .is_service = std::vector<bool>(tps), .window = opt.window_days * 86400.0};
  for (std::size_t t = 0; t < tps; ++t)
    setting.is_service[t] = map[static_cast<touchpoint_code>(t)].role == role::service;
  const customer_grouping gr = group_by_customer(ev);
  return merge_ranges(count_in_ranges(setting, gr, opt), tps, opt);
}

service_attribution explain_brand_share(service_attribution a) {
  a.brand = brand_share(a, a.z);
  return a;
}

service_attribution attribute_service_demand(const event_view& ev, const journey_map& map, const service_options& opt) {
  return explain_brand_share(count_service_demand(ev, map, opt));
}

}  // namespace cxscore
