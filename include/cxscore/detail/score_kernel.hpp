#pragma once
/// The inside of score(): customers are cut into fixed blocks of codes (the cut depends on the data's
/// size only, never on the thread count); each block gets its own partial sums, which score() merges
/// in block order, so every thread count gives the same bits.
///
/// - **Customer-sorted rows** (the common case: the simulator, files grouped by customer, and any input
///   whose codes were given in order of first appearance): a block's rows are one contiguous range.
///   They are measured `block_rows` at a time, cut at customer boundaries, and each customer's run is
///   summed and then shared out to the touchpoints while it is still in L1: the columns are read once.
///   A block that finds its rows out of order says so, and score() falls back to the general path.
/// - **Any order**: the rows are regrouped by customer with a stable two-level counting sort
///   (customer_regrouping.hpp), and each block's partitions, sorted in cache, go through the sorted path.
///   Each customer's rows keep input order, so the result is the same bits as for the stably
///   customer-sorted rows, at the price of a copy of each row's gap and codes (and time, where read).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/detail/customer_regrouping.hpp"
#include "cxscore/detail/encounter_block.hpp"
#include "cxscore/detail/group_lanes.hpp"
#include "cxscore/detail/kernel_target.hpp"
#include "cxscore/detail/prefetch.hpp"
#include "cxscore/detail/run_starts.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/group_summary.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

inline constexpr std::uint32_t no_customer = std::numeric_limits<std::uint32_t>::max();

/// One customer's sums over its encounters, in input order. 64 bytes: one cache line.
struct alignas(64) customer_sums {
  double weight = 0;          ///< sum W
  double weighted_value = 0;  ///< sum W v
  double weighted_loss = 0;   ///< sum W min(v, 0)
  double gap = 0;             ///< sum g
  double value = 0;           ///< sum v
  std::uint32_t unmet = 0;    ///< encounters with g < 0
  std::uint32_t events = 0;

  /// Adds row j of a measured block.
  void fold(const encounter_block& b, std::size_t j) noexcept {
    weight += b.weight[j];
    weighted_value += b.weight[j] * b.value[j];
    weighted_loss += b.weight[j] * b.loss[j];
    gap += b.gap[j];
    value += b.value[j];
    unmet += static_cast<std::uint32_t>(b.unmet[j]);
    ++events;
  }
};

/// Peak (largest |v|, earliest on a tie) and end (latest time, last in input order on a tie).
struct peak_end_state {
  double peak_abs = -1;
  double peak_value = 0;
  double end_time = -std::numeric_limits<double>::infinity();
  double end_value = 0;

  void fold(double v, double time) noexcept {
    if (std::abs(v) > peak_abs) peak_abs = std::abs(v), peak_value = v;
    if (time >= end_time) end_time = time, end_value = v;
  }
};

/// What one block of customers adds to the result.
struct block_partial {
  std::vector<group_lanes> touchpoints;
  std::vector<group_lanes> segments;
  brand_summary brand;
  std::uint32_t first_zero_weight = no_customer;  ///< lowest code whose weights sum to 0
  bool out_of_order = false;                      ///< (sorted path) rows were not sorted by customer
};

/// Everything the blocks share; outputs are the result's per-customer arrays.
struct kernel_context {
  event_view ev;  ///< a view (spans), held by value so that with_gaps() can swap the rows
  const encounter_constants& k;
  const customer_table& customers;
  double peak_end = 0;
  double as_of = std::numeric_limits<double>::quiet_NaN();  ///< NaN = each customer's latest event
  double lambda = 1;
  std::size_t customers_per_block = 1;
  std::size_t blocks = 1;
  double* score = nullptr;
  double* journey_score = nullptr;
  double* index = nullptr;
  std::uint32_t* events = nullptr;
  /// Rows not yet validated (score_options::screen_rows): the sorted path screens each chunk as it measures it,
  /// through both (eight_screen: eight rows at a time).
  const row_screen* screen = nullptr;
  const eight_row_screen* eight_screen = nullptr;

  [[nodiscard]] bool tracks_peak_end() const noexcept { return peak_end > 0; }
  /// The optional columns the kernel reads.
  [[nodiscard]] read_columns read() const noexcept {
    return {
        .time = k.has_decay() || tracks_peak_end(), .expectation = k.reads_expectation, .dimension = k.reads_dimension};
  }
  /// The same context over other rows of the same customers whose experience holds their gaps (the
  /// general path's sorted copies), measured with `gaps` (encounter_constants::for_gaps()).
  [[nodiscard]] kernel_context with_gaps(const event_view& rows, const encounter_constants& gaps) const noexcept {
    return {.ev = rows,
            .k = gaps,
            .customers = customers,
            .peak_end = peak_end,
            .as_of = as_of,
            .lambda = lambda,
            .customers_per_block = customers_per_block,
            .blocks = blocks,
            .score = score,
            .journey_score = journey_score,
            .index = index,
            .events = events,
            .screen = nullptr,  // the regrouped rows were validated before they were moved
            .eight_screen = nullptr};
  }
  [[nodiscard]] std::uint32_t block_begin(std::size_t b) const noexcept {
    return static_cast<std::uint32_t>(std::min(b * customers_per_block, customers.size()));
  }
  [[nodiscard]] block_partial empty_partial() const {
    return {.touchpoints = std::vector<group_lanes>(k.weight.size()),
            .segments = std::vector<group_lanes>(customers.segments.size()),
            .brand = {}};
  }
};

/// Adds row j of a measured block to a touchpoint's sums.
inline void add_row(group_lanes& sums, double psi, double scale, const encounter_block& b, std::size_t j) noexcept {
  sums.add_encounter(psi, scale, b.gap[j], b.value[j], b.weight[j], b.loss[j], b.unmet[j]);
}

/// Up to block_rows finished sums of customers side by side, one array a field, so that finishing them
/// divides eight customers at a time. Filled with add(), emptied by finish_customers().
struct alignas(64) customer_batch {
  alignas(64) double weight[block_rows];
  alignas(64) double weighted_value[block_rows];
  alignas(64) double weighted_loss[block_rows];
  alignas(64) double gap[block_rows];
  alignas(64) double value[block_rows];
  alignas(64) double peak_value[block_rows];
  alignas(64) double end_value[block_rows];
  alignas(64) double psi[block_rows];
  alignas(64) double journey[block_rows];  ///< then: the score before the peak-end blend
  alignas(64) double blended[block_rows];  ///< the score after it
  alignas(64) double index[block_rows];
  alignas(64) double scale[block_rows];  ///< psi / sum W (0 for a customer whose weights sum to 0)
  std::uint32_t customer[block_rows];
  std::uint32_t events[block_rows];
  std::uint32_t unmet[block_rows];
  std::size_t size = 0;

  [[nodiscard]] bool full() const noexcept { return size == block_rows; }
  void add(std::uint32_t c, const customer_sums& s, const peak_end_state& pe, double customer_weight) noexcept {
    const std::size_t i = size++;
    customer[i] = c, events[i] = s.events, unmet[i] = s.unmet;
    weight[i] = s.weight, weighted_value[i] = s.weighted_value, weighted_loss[i] = s.weighted_loss;
    gap[i] = s.gap, value[i] = s.value, peak_value[i] = pe.peak_value, end_value[i] = pe.end_value;
    psi[i] = customer_weight;
  }
};

/// What one task of score() works in: a block of measured rows and a batch of customers, allocated once.
struct kernel_scratch {
  encounter_block rows;
  customer_batch customers;
};

/// Finishes the batch's customers in order: writes each one's score, index and events, adds it to the
/// block's brand and segment sums, and leaves in q.scale what each of its encounters' W is scaled by to
/// give psi times its share. The divisions run eight customers at a time (no branch in that loop).
inline void finish_customers(const kernel_context& x, customer_batch& q, block_partial& part) {
  const std::size_t n = q.size;
  const double peak_end = x.peak_end, lambda = x.lambda;
  for (std::size_t i = 0; i < n; ++i) {
    const double journey = q.weighted_value[i] / q.weight[i];
    const double blended = (1 - peak_end) * journey + peak_end * (q.peak_value[i] + q.end_value[i]) / 2;
    q.journey[i] = journey;
    q.blended[i] = blended;
    q.index[i] = score_index(blended, lambda);
    q.scale[i] = q.psi[i] / q.weight[i];
  }
  auto& b = part.brand;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t c = q.customer[i];
    x.events[c] = q.events[i];
    if (!(q.weight[i] > 0)) {
      part.first_zero_weight = std::min(part.first_zero_weight, c);
      q.scale[i] = 0;
      continue;
    }
    const double journey = q.journey[i], blended = q.blended[i], psi = q.psi[i], scale = q.scale[i];
    x.journey_score[c] = journey;
    x.score[c] = blended;
    x.index[c] = q.index[i];
    ++b.customers;
    b.events += q.events[i];
    b.customer_weight += psi;
    b.journey_score_sum += psi * journey;
    b.score_sum += psi * blended;
    const double events = q.events[i];
    part.segments[x.customers.segment[c]].add({events, psi * events, psi * q.gap[i], psi * q.value[i], psi * q.unmet[i],
                                               scale * q.weighted_value[i], scale * q.weighted_loss[i], 0.0});
  }
  q.size = 0;
}

/// Puts (tau - tau_ref) · rate into b.decay for rows row(from) .. row(to - 1).
template <class Row>
void set_decay_exponents(const kernel_context& x, Row row, std::size_t from, std::size_t to, double reference,
                         encounter_block& b) {
  for (std::size_t j = from; j < to; ++j) b.decay[j] = decay_exponent(x.ev.time[row(j)], reference, x.k.decay_rate);
}

/// The latest time among rows [from, to), or the as-of time.
inline double reference_time(const kernel_context& x, std::size_t from, std::size_t to) {
  if (!std::isnan(x.as_of)) return x.as_of;
  double t = -std::numeric_limits<double>::infinity();
  for (std::size_t r = from; r < to; ++r) t = std::max(t, x.ev.time[r]);
  return t;
}

/// Scores the customer whose rows are [from, to), more than one block of them: sums block by block,
/// then measures again for the shares.
inline void score_long_customer(const kernel_context& x, std::size_t from, std::size_t to, encounter_block& b,
                                customer_batch& q, block_partial& part) {
  const auto c = x.ev.customer[from];
  const double reference = x.k.has_decay() ? reference_time(x, from, to) : 0.0;
  customer_sums s;
  peak_end_state pe;
  auto measured = [&](std::size_t at, std::size_t n) {
    const auto row = [at](std::size_t j) { return at + j; };
    measure_contiguous(x.ev, x.k, at, n, b);
    if (x.k.has_decay()) set_decay_exponents(x, row, 0, n, reference, b), apply_decay(b);
  };
  for (std::size_t at = from; at < to; at += block_rows) {
    const std::size_t n = std::min(block_rows, to - at);
    measured(at, n);
    for (std::size_t j = 0; j < n; ++j) {
      s.fold(b, j);
      if (x.tracks_peak_end()) pe.fold(b.value[j], x.ev.time[at + j]);
    }
  }
  const double psi = x.customers.weight[c];
  q.add(c, s, pe, psi);
  finish_customers(x, q, part);
  const double scale = q.scale[0];
  for (std::size_t at = from; at < to; at += block_rows) {
    const std::size_t n = std::min(block_rows, to - at);
    measured(at, n);
    for (std::size_t j = 0; j < n; ++j) add_row(part.touchpoints[b.touchpoint[j]], psi, scale, b, j);
  }
}

/// Whether rows [from, to) may be read: no screen (validated rows), or every row passes it.
[[nodiscard]] inline bool screened(const kernel_context& x, std::size_t from, std::size_t to) noexcept {
  return x.screen == nullptr || x.screen->all_valid(x.ev, from, to);
}

/// measure_contiguous() of rows [from, from + n), screened as they are measured where x.screen says they have
/// not been validated: false (and `b` not to be read) where a row fails.
[[nodiscard]] inline bool measured(const kernel_context& x, std::size_t from, std::size_t n, encounter_block& b) {
  if (x.screen == nullptr) return measure_contiguous(x.ev, x.k, from, n, b), true;
  return measure_screened(x.ev, x.k, *x.screen, *x.eight_screen, from, n, b);
}

/// Customer-sorted path: rows [first, last) hold exactly block `blk`'s customers, in code order.
/// Returns false (and scores nothing further) when they turn out not to be sorted, or a row fails x.screen.
inline bool score_sorted_block(const kernel_context& x, std::size_t blk, std::size_t first, std::size_t last,
                               encounter_block& b, customer_batch& q, block_partial& part) {
  const std::uint32_t* cust = x.ev.customer.data();
  const std::uint32_t code_end = x.block_begin(blk + 1);
  std::int64_t previous = static_cast<std::int64_t>(x.block_begin(blk)) - 1;
  auto in_order = [&](std::uint32_t c) { return static_cast<std::int64_t>(c) > previous && c < code_end; };
  std::uint32_t run_start[block_rows + run_starts_slack + 1];
  for (std::size_t at = first; at < last;) {
    // Runs of equal codes among the next block_rows rows; the last run is dropped when it may go on past
    // the block.
    const std::size_t limit = std::min(at + block_rows, last);
    prefetch_range(cust + limit, block_rows * sizeof(std::uint32_t));  // the next chunk's (measuring: the rest)
    std::size_t runs = find_run_starts(cust + at, limit - at, run_start);
    const bool cut = limit < last && cust[limit] == cust[limit - 1];
    if (cut) --runs;
    if (runs == 0) {  // one customer with more than block_rows rows
      std::size_t stop = limit;
      while (stop < last && cust[stop] == cust[at]) ++stop;
      if (!in_order(cust[at]) || !screened(x, at, stop)) return part.out_of_order = true, false;
      score_long_customer(x, at, stop, b, q, part);
      previous = cust[at];
      at = stop;
      continue;
    }
    const std::size_t n = cut ? run_start[runs] : limit - at;
    run_start[runs] = static_cast<std::uint32_t>(n);
    for (std::size_t r = 0; r < runs; ++r) {
      if (!in_order(cust[at + run_start[r]])) return part.out_of_order = true, false;
      previous = cust[at + run_start[r]];
    }
    if (!measured(x, at, n, b)) return part.out_of_order = true, false;
    const auto row = [at](std::size_t j) { return at + j; };
    if (x.k.has_decay()) {
      for (std::size_t r = 0; r < runs; ++r)
        set_decay_exponents(x, row, run_start[r], run_start[r + 1],
                            reference_time(x, at + run_start[r], at + run_start[r + 1]), b);
      apply_decay(b);
    }
    group_lanes* const touchpoint_sums = part.touchpoints.data();
    for (std::size_t r = 0; r < runs; ++r) {
      const std::size_t j0 = run_start[r], j1 = run_start[r + 1];
      const std::uint32_t c = cust[at + j0];
      customer_sums s;
      peak_end_state pe;
      for (std::size_t j = j0; j < j1; ++j) s.fold(b, j);
      if (x.tracks_peak_end())
        for (std::size_t j = j0; j < j1; ++j) pe.fold(b.value[j], x.ev.time[at + j]);
      q.add(c, s, pe, x.customers.weight[c]);
    }
    finish_customers(x, q, part);
    for (std::size_t r = 0; r < runs; ++r) {
      const double psi = q.psi[r], scale = q.scale[r];
      for (std::size_t j = run_start[r]; j < run_start[r + 1]; ++j)
        add_row(touchpoint_sums[b.touchpoint[j]], psi, scale, b, j);
    }
    at += n;
  }
  return true;
}

/// General path for kernel block `blk`, whose round `level_one` has moved: its partitions, each sorted by
/// customer in cache and scored by the sorted path with `gaps` (x.k.for_gaps()), into the block's partial sums.
inline void score_regrouped_block(const kernel_context& x, const encounter_constants& gaps,
                                  const partitioned_rows& level_one, std::size_t blk, partition_sorter& sorter,
                                  encounter_block& b, customer_batch& q, block_partial& part) {
  const read_columns read = x.read();
  for (std::size_t p = level_one.partitions.first_of_block(blk); p < level_one.partitions.first_of_block(blk + 1);
       ++p) {
    if (level_one.first_row[p] == level_one.first_row[p + 1]) continue;
    sorter.sort(level_one, read, p);
    const event_view rows = sorter.view(x.ev, read);
    if (!score_sorted_block(x.with_gaps(rows, gaps), blk, 0, rows.size(), b, q, part))
      throw std::logic_error("cxscore: regrouped rows are not in customer order");
  }
}

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
