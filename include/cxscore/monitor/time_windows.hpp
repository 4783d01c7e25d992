#pragma once
/// Monitoring over time: scores and aggregates by time window (UTC day, ISO week, calendar month of the
/// event time), the change from the previous window, and a flag when the change exceeds what noise explains.
///
/// Per window (and per group of touchpoints, e.g. per owner), over the encounters whose time falls in it,
/// each with weight `a = ψ_c · w_t · ω_d` (customer weight × touchpoint importance × dimension weight; no
/// recency decay, which is relative to a customer, not to a calendar):
/// - `score = Σ a·v / Σ a` (v after service recovery), `index = score_index(score, λ)`;
/// - `mean_gap`, `unmet_share` likewise weighted;
/// - the standard error of the score, Kish's effective-sample-size approximation:
///   `SE = sqrt(s² · Σa² / (Σa)²)` with `s² = Σ a (v − score)² / Σ a`;
/// - `change = score − score of the previous window with encounters` (of the same group), its
///   `SE = sqrt(SE² + SE_prev²)`, the two-sided p-value of "no change" `p = erfc(|change| / (SE·√2))`
///   (normal approximation), and its q-value: the Benjamini–Hochberg adjusted p over every change in the
///   result (all windows × groups), so flagging `q ≤ fdr` keeps the expected share of false alarms among
///   the flags at most `fdr` (Benjamini & Hochberg 1995, J. R. Stat. Soc. B 57:289–300);
/// - `flagged = q ≤ fdr and |index_change| ≥ min_effect`: statistically *and* practically significant,
///   since with enough encounters a move of 0.1 index points is beyond noise and still of no consequence.
///   A window with a single encounter has no SE (NaN), no p and is never flagged. Note that a flag says
///   "more than noise", not "the experience changed": a window at the edge of the data can differ by
///   composition (e.g. only the slowest parcels arrive after the last orders).
///
/// ```cpp
/// auto owners = map.group_by([](const cxscore::touchpoint& t) -> const auto& { return t.owner; });
/// auto m = cxscore::monitor(events.view(), map, model, {.period = cxscore::period::week, .grouping = &owners});
/// for (const auto& row : m.rows) if (row.flagged) std::printf("%s %s\n", m.groups[row.group].c_str(), row.window.label.c_str());
/// ```
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/detail/compensated_sum.hpp"
#include "cxscore/encounter.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/time.hpp"

namespace cxscore {

enum class period { day, week, month };

[[nodiscard]] inline const char* to_string(period p) noexcept {
  return p == period::day ? "day" : p == period::week ? "week" : "month";
}
/// "day", "week" or "month"; anything else throws input_error naming `source`.
[[nodiscard]] inline period parse_period(const std::string& text, const std::string& source = "--period") {
  for (const period p : {period::day, period::week, period::month})
    if (text == to_string(p)) return p;
  detail::fail({source, 0, "", text}, "unknown period (expected day, week or month)");
}

/// A calendar window: [start, end) in epoch seconds and a label ("2026-03-02", "2026-W10", "2026-03").
struct time_window {
  std::int64_t number = 0;  ///< consecutive windows have consecutive numbers
  double start = 0;
  double end = 0;
  std::string label;
};

namespace detail {
[[nodiscard]] inline std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
}  // namespace detail

/// The number of the window holding `t`: days since the epoch, ISO weeks (Monday-based) since the week of
/// 1970-01-01, or months since January 1970. Requires in_calendar(t).
[[nodiscard]] inline std::int64_t window_number(double t, period p) {
  using namespace std::chrono;
  const auto day = static_cast<std::int64_t>(std::floor(t / 86400.0));
  switch (p) {
    case period::day: return day;
    case period::week: return detail::floor_div(day + 3, 7);  // 1970-01-01 was a Thursday; weeks start Monday
    case period::month: {
      const year_month_day ymd{sys_days{days{day}}};
      return (static_cast<int>(ymd.year()) - 1970) * std::int64_t{12} + static_cast<unsigned>(ymd.month()) - 1;
    }
  }
  return 0;
}

/// The window with number `n`.
/// ```cpp
/// auto w = cxscore::window_of(cxscore::window_number(1772323200, cxscore::period::week), cxscore::period::week);
/// // w.label == "2026-W09", w.start = Monday 2026-02-23T00:00Z
/// ```
[[nodiscard]] inline time_window window_of(std::int64_t n, period p) {
  using namespace std::chrono;
  auto seconds_of = [](sys_days d) { return static_cast<double>(d.time_since_epoch().count()) * 86400.0; };
  char text[32];
  time_window w;
  w.number = n;
  if (p == period::month) {
    const year_month first{year{static_cast<int>(1970 + detail::floor_div(n, 12))},
                           month{static_cast<unsigned>(n - detail::floor_div(n, 12) * 12 + 1)}};
    w.start = seconds_of(sys_days{first / 1});
    w.end = seconds_of(sys_days{(first + months{1}) / 1});
    std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(first.year()), static_cast<unsigned>(first.month()));
  } else if (p == period::week) {
    const sys_days monday{days{n * 7 - 3}};
    w.start = seconds_of(monday);
    w.end = seconds_of(monday + days{7});
    // ISO 8601: the week belongs to the year of its Thursday, and week 1 holds the year's first Thursday.
    const year_month_day thursday{monday + days{3}};
    const auto week = (sys_days{thursday} - sys_days{thursday.year() / January / 1}).count() / 7 + 1;
    std::snprintf(text, sizeof text, "%04d-W%02d", static_cast<int>(thursday.year()), static_cast<int>(week));
  } else {
    const sys_days d{days{n}};
    w.start = seconds_of(d);
    w.end = seconds_of(d + days{1});
    const year_month_day ymd{d};
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
  }
  w.label = text;
  return w;
}

/// Mergeable weighted moments of the encounters in one window. The score is Σ a v / Σ a of sums kept with
/// their rounding errors (detail::compensated_sum), and the spread is the weighted sum of squared deviations
/// from the running mean (Welford 1962; merged by Chan, Golub and LeVeque 1979), not Σ a v² − (Σ a v)² / Σ a.
/// Both for the same reason: where a window's values are (nearly) equal, plain sums leave rounding noise that
/// depends on the order of addition (1e-17 in the variance, whose square root, 1e-9, would stand for a
/// standard error of 0; the last bit of the score, where the change between two such windows is a few
/// bits over a tiny standard error), so one pass and merged partitions would disagree on the p-value.
struct window_summary {
  std::uint64_t count = 0;
  double weight = 0;                     ///< Σ a
  double weight_sq = 0;                  ///< Σ a²
  double mean = 0;                       ///< the running weighted mean of v (the deviations' centre)
  double deviation_sq = 0;               ///< Σ a (v − mean)²
  double gap_sum = 0;                    ///< Σ a g
  double unmet_weight = 0;               ///< Σ a over g < 0
  detail::compensated_sum weight_total;  ///< Σ a, compensated
  detail::compensated_sum value_total;   ///< Σ a v, compensated

  void add(double a, double g, double v) noexcept {
    ++count;
    weight += a;
    weight_sq += a * a;
    if (weight > 0) {
      const double delta = v - mean;
      mean += a / weight * delta;
      deviation_sq += a * delta * (v - mean);
    }
    gap_sum += a * g;
    unmet_weight += g < 0 ? a : 0.0;
    weight_total.add(a);
    value_total.add(a * v);
  }
  void merge(const window_summary& o) noexcept {
    const double total = weight + o.weight;
    if (total > 0) {
      const double delta = o.mean - mean;
      deviation_sq += o.deviation_sq + delta * delta * (weight / total) * o.weight;
      mean += delta * (o.weight / total);
    }
    count += o.count;
    weight = total;
    weight_sq += o.weight_sq;
    gap_sum += o.gap_sum;
    unmet_weight += o.unmet_weight;
    weight_total.merge(o.weight_total);
    value_total.merge(o.value_total);
  }
  [[nodiscard]] double score() const noexcept { return value_total.value() / weight_total.value(); }
  [[nodiscard]] double mean_gap() const noexcept { return gap_sum / weight; }
  [[nodiscard]] double unmet_share() const noexcept { return unmet_weight / weight; }
  /// Kish: sqrt(s² Σa² / (Σa)²), s² = Σ a (v − mean)² / Σ a the weighted variance of v (clamped at 0
  /// against rounding); NaN for a single encounter, whose variance is unknown (so its change is never
  /// flagged).
  [[nodiscard]] double standard_error() const noexcept {
    if (count < 2) return std::numeric_limits<double>::quiet_NaN();
    const double variance = std::max(0.0, deviation_sq / weight);
    return std::sqrt(variance * weight_sq) / weight;
  }
};

/// One window of one group.
struct window_row {
  std::uint32_t group = 0;
  time_window window;
  window_summary summary;
  double score = 0, index = 0, standard_error = 0;
  double change = std::numeric_limits<double>::quiet_NaN();  ///< NaN for a group's first window
  double change_se = std::numeric_limits<double>::quiet_NaN();
  double index_change = std::numeric_limits<double>::quiet_NaN();  ///< index − the previous window's index
  double p_value = std::numeric_limits<double>::quiet_NaN();       ///< of "no change"; NaN without an SE
  double q_value = std::numeric_limits<double>::quiet_NaN();       ///< Benjamini–Hochberg adjusted p
  bool flagged = false;                                            ///< q ≤ fdr and |index_change| ≥ min_effect
};

/// Benjamini–Hochberg adjusted p-values (q-values) of `p`, in the same order: with the m finite p-values
/// ranked p_(1) ≤ … ≤ p_(m), q_(i) = min over j ≥ i of min(1, m p_(j) / j); NaN stays NaN and is not
/// counted in m. Rejecting every q ≤ α controls the false-discovery rate at α for independent (or
/// positively dependent) tests (Benjamini & Hochberg 1995; Benjamini & Yekutieli 2001).
///
/// ```cpp
/// auto q = cxscore::benjamini_hochberg({0.01, 0.04, 0.03});  // {0.03, 0.04, 0.04}
/// ```
[[nodiscard]] inline std::vector<double> benjamini_hochberg(const std::vector<double>& p) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return p[a] < p[b]; });
  std::vector<double> q(p.size(), std::numeric_limits<double>::quiet_NaN());
  const auto m = static_cast<double>(order.size());
  double running = 1.0;
  for (std::size_t k = order.size(); k-- > 0;) {
    running = std::min(running, m * p[order[k]] / static_cast<double>(k + 1));
    q[order[k]] = running;
  }
  return q;
}

struct monitor_result {
  period per = period::month;
  double fdr = 0.05;                ///< the false-discovery rate the flags control
  double min_effect = 1.0;          ///< the smallest |index change| flagged, in index points
  std::vector<std::string> groups;  ///< "all" without a grouping
  std::vector<window_row> rows;     ///< group by group (group order), windows in time order
  /// The rows of group `g`.
  [[nodiscard]] std::vector<window_row> series(std::uint32_t g) const {
    std::vector<window_row> out;
    for (const auto& r : rows)
      if (r.group == g) out.push_back(r);
    return out;
  }
};

struct monitor_options {
  cxscore::period period = period::month;
  double fdr = 0.05;                                ///< in (0, 1): the false-discovery rate over all changes tested
  double min_effect = 1.0;                          ///< >= 0: the smallest |index change| worth a flag, in index points
  const customer_table* customers = nullptr;        ///< ψ; nullptr = 1 for everyone
  const journey_map::grouping* grouping = nullptr;  ///< touchpoint -> group; nullptr = one group "all"
  std::string source = "<events>";
};

/// One window of one group's sums, as window_sums keeps them.
struct window_cell {
  std::uint32_t group = 0;
  std::int64_t number = 0;  ///< window_number of its encounters
  window_summary sums;
};

/// The mergeable part of monitor(): each group's sums by window, over the windows of the calendar the period
/// fixes (window_number depends on the time and the period alone), so the windows of any two sets of events
/// line up, whatever their time ranges. Cells merge by adding their sums, window by window: the counts
/// exactly, the weighted sums up to the rounding of another addition order. The p-values, q-values and flags
/// are computed once, from the merged sums (monitor_of).
struct window_sums {
  cxscore::period period = period::month;
  std::size_t groups = 1;
  /// The window numbers of the earliest and latest event (of any group); first > last: no events.
  std::int64_t first = std::numeric_limits<std::int64_t>::max();
  std::int64_t last = std::numeric_limits<std::int64_t>::min();
  /// Windows with encounters (count > 0), ascending by (group, number); none when the events span more than
  /// monitor_max_windows, which monitor_of refuses.
  std::vector<window_cell> cells;

  /// Adds `o`'s sums, cell by cell; refuses (input_error) sums of another period or number of groups.
  void merge(const window_sums& o) {
    if (o.period != period || o.groups != groups)
      detail::fail({.file = "<summaries>",
                    .column = o.period != period ? "period" : "groups",
                    .value = o.period != period ? to_string(o.period) : std::to_string(o.groups)},
                   std::string("cannot merge window sums by ") + to_string(o.period) + " of " +
                       std::to_string(o.groups) + " groups into sums by " + to_string(period) + " of " +
                       std::to_string(groups));
    std::vector<window_cell> out;
    out.reserve(cells.size() + o.cells.size());
    auto before = [](const window_cell& a, const window_cell& b) {
      return a.group != b.group ? a.group < b.group : a.number < b.number;
    };
    std::size_t i = 0, j = 0;
    while (i < cells.size() || j < o.cells.size()) {
      if (j == o.cells.size() || (i < cells.size() && before(cells[i], o.cells[j]))) {
        out.push_back(cells[i++]);
      } else if (i == cells.size() || before(o.cells[j], cells[i])) {
        out.push_back(o.cells[j++]);
      } else {
        out.push_back(cells[i++]);
        out.back().sums.merge(o.cells[j++].sums);
      }
    }
    cells = std::move(out);
    first = std::min(first, o.first);
    last = std::max(last, o.last);
  }
};

/// The most windows monitor() lays out: more is most likely a time in the wrong unit.
inline constexpr std::uint64_t monitor_max_windows = 1'000'000;

/// The checks of monitor()'s fdr and min_effect.
inline void check_monitor_options(const monitor_options& opt) {
  if (!(opt.fdr > 0 && opt.fdr < 1))
    detail::fail({opt.source, 0, "fdr", detail::number_text(opt.fdr)}, "the false-discovery rate must lie in (0, 1)");
  if (!(opt.min_effect >= 0) || !std::isfinite(opt.min_effect))
    detail::fail({opt.source, 0, "min_effect", detail::number_text(opt.min_effect)},
                 "the minimum effect must be finite and >= 0 index points");
}

/// The window sums of validated events, by opt.grouping (one group without), weighted by opt.customers;
/// throws input_error for a customer table of another size or a time outside the calendar (in_calendar,
/// naming its row). opt.fdr and opt.min_effect are not read.
[[nodiscard]] inline window_sums sum_windows(const event_view& ev, const journey_map& map, const model& m,
                                             const monitor_options& opt = {}) {
  if (opt.customers && opt.customers->size() != ev.customer_count)
    detail::fail({opt.source, 0, "customer", std::to_string(opt.customers->size())},
                 "the customer table has a different number of customers than the events");
  window_sums sums{.period = opt.period, .groups = opt.grouping ? opt.grouping->names.size() : 1, .cells = {}};
  if (ev.size() == 0) return sums;
  const encounter_measure measure(map, m, ev.dimension_names);
  std::vector<std::int64_t> number(ev.size());
  for (std::size_t i = 0; i < ev.size(); ++i) {
    if (!in_calendar(ev.time[i]))
      detail::fail({opt.source, i + 1, "time", detail::number_text(ev.time[i])},
                   time_refusal(ev.time[i] < 0 ? time_status::before_calendar : time_status::beyond_calendar));
    number[i] = window_number(ev.time[i], opt.period);
  }
  const auto [lo, hi] = std::minmax_element(number.begin(), number.end());
  sums.first = *lo;
  sums.last = *hi;
  const auto span = static_cast<std::uint64_t>(*hi - *lo) + 1;
  if (span > monitor_max_windows) return sums;  // monitor_of refuses it, with the span of all the events
  std::vector<window_summary> cells(sums.groups * span);
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const auto [g, v, w] = measure(ev, i);
    const double psi = opt.customers ? opt.customers->weight[ev.customer[i]] : 1.0;
    const std::size_t group = opt.grouping ? opt.grouping->code_of_touchpoint[ev.touchpoint[i]] : 0;
    cells[group * span + static_cast<std::size_t>(number[i] - sums.first)].add(psi * w, g, v);
  }
  for (std::size_t k = 0; k < cells.size(); ++k)
    if (cells[k].count > 0)
      sums.cells.push_back({.group = static_cast<std::uint32_t>(k / span),
                            .number = sums.first + static_cast<std::int64_t>(k % span),
                            .sums = cells[k]});
  return sums;
}

/// The window series of `sums` (see the header): scores, changes, p-values, the q-values over every change
/// and the flags; the groups named by opt.grouping ("all" without). Throws input_error for a bad fdr or
/// min_effect, sums of another number of groups, or events spanning more than monitor_max_windows windows.
[[nodiscard]] inline monitor_result monitor_of(const window_sums& sums, const model& m, const monitor_options& opt) {
  check_monitor_options(opt);
  monitor_result r{.per = sums.period, .fdr = opt.fdr, .min_effect = opt.min_effect, .groups = {}, .rows = {}};
  r.groups = opt.grouping ? opt.grouping->names : std::vector<std::string>{"all"};
  if (r.groups.size() != sums.groups)
    detail::fail({opt.source, 0, "groups", std::to_string(sums.groups)},
                 "window sums of " + std::to_string(sums.groups) + " groups named by " +
                     std::to_string(r.groups.size()) + " names");
  if (sums.first > sums.last) return r;
  if (const std::uint64_t span = static_cast<std::uint64_t>(sums.last) - static_cast<std::uint64_t>(sums.first) + 1;
      span > monitor_max_windows || span == 0)
    detail::fail({opt.source, 0, "time", std::to_string(span) + " " + to_string(sums.period) + "s"},
                 "the events span more than 10^6 windows; are the times in seconds?");
  bool has_previous = false;
  double previous_score = 0, previous_se = 0, previous_index = 0;
  for (std::size_t k = 0; k < sums.cells.size(); ++k) {
    const window_cell& cell = sums.cells[k];
    if (k > 0 && cell.group != sums.cells[k - 1].group) has_previous = false;
    const window_summary& s = cell.sums;
    if (!(s.weight > 0)) continue;
    window_row row{.group = cell.group,
                   .window = window_of(cell.number, sums.period),
                   .summary = s,
                   .score = s.score(),
                   .index = score_index(s.score(), m.lambda),
                   .standard_error = s.standard_error()};
    if (has_previous) {
      row.change = row.score - previous_score;
      row.change_se = std::hypot(row.standard_error, previous_se);
      row.index_change = row.index - previous_index;
      row.p_value = std::erfc(std::abs(row.change) / (row.change_se * std::numbers::sqrt2));
    }
    has_previous = true;
    previous_score = row.score;
    previous_se = row.standard_error;
    previous_index = row.index;
    r.rows.push_back(std::move(row));
  }
  std::vector<double> p(r.rows.size());
  std::transform(r.rows.begin(), r.rows.end(), p.begin(), [](const window_row& row) { return row.p_value; });
  const std::vector<double> q = benjamini_hochberg(p);
  for (std::size_t k = 0; k < r.rows.size(); ++k) {
    window_row& row = r.rows[k];
    row.q_value = q[k];
    row.flagged = q[k] <= opt.fdr && std::abs(row.index_change) >= opt.min_effect;
  }
  return r;
}

/// Window series of validated events: `monitor_of(sum_windows(ev, map, m, opt), m, opt)`, its options checked
/// first; throws input_error for a bad fdr or min_effect, customer table, a time outside the calendar
/// (in_calendar, naming its row), or events spanning more than 10^6 windows (a time in the wrong unit, most
/// likely).
[[nodiscard]] inline monitor_result monitor(const event_view& ev, const journey_map& map, const model& m,
                                            const monitor_options& opt = {}) {
  check_monitor_options(opt);
  return monitor_of(sum_windows(ev, map, m, opt), m, opt);
}

}  // namespace cxscore
