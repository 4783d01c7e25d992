#pragma once
/// The body of score() (cxscore/score.hpp), compiled once per instruction-set target: score_<target>.cpp
/// includes it inside its region of target attributes, after score_target.hpp and with
/// CXSCORE_KERNEL_NAMESPACE naming the target.
#include "cxscore/detail/encounter_block.hpp"
#include "cxscore/detail/score_kernel.hpp"
#include "score_target.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

/// Customers per block: at most 64 blocks (enough to balance any thread count this machine class has),
/// at least 1024 customers each, and the blocks' partial sums within 2^18 group summaries (16 MiB).
[[nodiscard]] inline std::size_t customers_per_block(std::size_t customers, std::size_t groups) {
  constexpr std::size_t max_blocks = 64, min_customers = 1024, max_partials = std::size_t{1} << 18;
  const std::size_t blocks = std::clamp<std::size_t>(max_partials / std::max<std::size_t>(groups, 1), 1, max_blocks);
  return std::max({min_customers, (customers + blocks - 1) / blocks, std::size_t{1}});
}

/// First row whose customer code is >= c, by bisection (meaningful when the rows are customer-sorted;
/// score_sorted_block checks that they are).
[[nodiscard]] inline std::size_t first_row_of(std::span<const std::uint32_t> customer, std::uint32_t c) noexcept {
  std::size_t lo = 0, hi = customer.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (customer[mid] < c)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

score_result score_on_target(const event_view& ev, const journey_map& map, const model& m, const score_options& opt) {
  m.validate();
  const std::size_t n = ev.size();
  const std::size_t customers = ev.customer_count;
  const time_column times = m.reads_time() ? time_column::required : time_column::optional;
  // Unscreened rows: lengths checked here, rows where they are read (see score_options::screen_rows); an error
  // this function raises before the kernel runs would come after the rows' own, so those paths validate first.
  bool screen_rows = opt.screen_rows;
  auto validate_rows = [&] {
    if (screen_rows) validate(ev, map, opt.source, opt.threads, times);
    screen_rows = false;
  };
  if (screen_rows) check_column_lengths(ev, opt.source, times);
  if (!std::isnan(opt.as_of)) validate_rows();
  const customer_table default_customers = opt.customers ? customer_table{} : customer_table(customers);
  const customer_table& ct = opt.customers ? *opt.customers : default_customers;
  if (ct.size() != customers) {
    validate_rows();
    detail::fail(
        {opt.source, 0, "customer", std::to_string(ct.size())},
        "the customer table has " + std::to_string(ct.size()) + " customers, the events " + std::to_string(customers));
  }
  for (std::size_t c = 0; c < customers; ++c)
    if (!(ct.weight[c] >= 0 && ct.weight[c] <= max_weight)) {
      validate_rows();
      detail::fail({opt.source, 0, "weight", detail::number_text(ct.weight[c])},
                   "customer weights must be finite, >= 0 and at most 1e9");
    }
  if (ev.time.empty() && n > 0 && m.reads_time())
    detail::fail({opt.source, 0, "time", ""},
                 "no time column, but the model reads event times (recency decay or peak-end)");
  const detail::encounter_constants constants(ev, map, m);
  const std::optional<row_screen> screen =
      screen_rows ? std::optional<row_screen>(std::in_place, ev, map) : std::nullopt;
  const std::optional<detail::eight_row_screen> eight_screen =
      screen_rows ? std::optional<detail::eight_row_screen>(std::in_place, ev, map) : std::nullopt;
  if (!std::isnan(opt.as_of)) {
    if (!in_calendar(opt.as_of))
      detail::fail({opt.source, 0, "as_of", detail::number_text(opt.as_of)},
                   time_refusal(opt.as_of < 0 ? time_status::before_calendar : time_status::beyond_calendar));
    if (ev.time.empty() && n > 0)
      detail::fail({opt.source, 0, "time", ""}, "no time column, but an as-of time is given");
    // With or without recency decay, as docs/command-line.md says: nothing after the as-of time is scored.
    for (std::size_t i = 0; i < n; ++i)
      if (ev.time[i] > opt.as_of)
        detail::fail({opt.source, i + 1, "time", format_time(ev.time[i])},
                     "an event after the as-of time " + format_time(opt.as_of) + " cannot be scored");
  }

  score_result r;
  r.lambda = m.lambda;
  r.customer_score.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_journey_score.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_index.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_events.assign(customers, 0);

  const std::size_t per_block = detail::customers_per_block(customers, map.size() + ct.segments.size());
  const detail::kernel_context x{.ev = ev,
                                 .k = constants,
                                 .customers = ct,
                                 .peak_end = m.peak_end,
                                 .as_of = opt.as_of,
                                 .lambda = m.lambda,
                                 .customers_per_block = per_block,
                                 .blocks = std::max<std::size_t>(1, (customers + per_block - 1) / per_block),
                                 .score = r.customer_score.data(),
                                 .journey_score = r.customer_journey_score.data(),
                                 .index = r.customer_index.data(),
                                 .events = r.customer_events.data(),
                                 .screen = screen ? &*screen : nullptr,
                                 .eight_screen = eight_screen ? &*eight_screen : nullptr};
  const unsigned threads = detail::thread_count(opt.threads);
  std::vector<detail::block_partial> parts(x.blocks, x.empty_partial());

  // Customer-sorted input first; any block that finds its rows out of order sends all to the general path.
  std::vector<std::size_t> first_row(x.blocks + 1, n);
  for (std::size_t b = 0; b < x.blocks; ++b) first_row[b] = detail::first_row_of(ev.customer, x.block_begin(b));
  bool sorted = n > 0 && std::is_sorted(first_row.begin(), first_row.end()) && first_row[0] == 0;
  if (sorted) {
    std::atomic<bool> out_of_order{false};
    detail::parallel_blocks(threads, x.blocks, [&](std::size_t b) {
      if (out_of_order.load(std::memory_order_relaxed)) return;
      const auto scratch = std::make_unique<detail::kernel_scratch>();
      if (!detail::score_sorted_block(x, b, first_row[b], first_row[b + 1], scratch->rows, scratch->customers,
                                      parts[b]))
        out_of_order.store(true, std::memory_order_relaxed);
    });
    sorted = !out_of_order.load();
  }
  if (!sorted && n > 0) {
    validate_rows();  // a bad row throws here; rows in another order are regrouped, every row valid
    std::fill(parts.begin(), parts.end(), x.empty_partial());
    const detail::encounter_constants gaps = constants.for_gaps();
    detail::partitioned_rows level_one(ev, per_block, threads);
    const std::vector<std::size_t> rounds = level_one.rounds(x.blocks, level_one.round_rows(x.read()));
    for (std::size_t i = 0; i + 1 < rounds.size(); ++i) {
      level_one.move_round(ev, constants, x.read(), rounds[i], rounds[i + 1], threads);
      detail::parallel_blocks(threads, rounds[i + 1] - rounds[i], [&](std::size_t k) {
        const std::size_t b = rounds[i] + k;
        const auto scratch = std::make_unique<detail::kernel_scratch>();
        detail::partition_sorter sorter;
        detail::score_regrouped_block(x, gaps, level_one, b, sorter, scratch->rows, scratch->customers, parts[b]);
      });
    }
  }

  std::vector<detail::group_lanes> touchpoints(map.size()), segments(ct.segments.size());
  std::uint32_t zero_weight = detail::no_customer;
  for (const auto& part : parts) {
    zero_weight = std::min(zero_weight, part.first_zero_weight);
    for (std::size_t t = 0; t < touchpoints.size(); ++t) touchpoints[t].merge(part.touchpoints[t]);
    for (std::size_t g = 0; g < segments.size(); ++g) segments[g].merge(part.segments[g]);
    r.brand.merge(part.brand);
  }
  if (zero_weight != detail::no_customer)
    detail::fail({opt.source, opt.customer_row ? opt.customer_row(zero_weight) : 0, "customer",
                  opt.customer_label ? opt.customer_label(zero_weight) : std::to_string(zero_weight)},
                 "the customer's encounter weights sum to 0 (touchpoint and dimension weights), so the score is "
                 "undefined; the row is the customer's first event");
  if (!opt.part_of_brand) check_brand_weight(r, opt.source);
  for (const auto& t : touchpoints) r.touchpoints.push_back(t.summary());
  for (const auto& g : segments) r.segments.push_back(g.summary());
  return r;
}

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
