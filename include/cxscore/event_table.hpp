#pragma once
/// Events in columnar form (struct of arrays with dense codes). `event_view` is non-owning: it can sit
/// on caller-owned arrays (numpy columns, an application's buffers) without a copy; `event_table` owns
/// its columns and dictionaries (what the CSV reader builds).
///
/// ```cpp
/// std::vector<std::uint32_t> customer{0, 0, 1};
/// std::vector<cxscore::touchpoint_code> tp{0, 1, 1};
/// std::vector<double> time{0, 3600, 0}, experience{4, 2, 5};
/// cxscore::event_view v{.customer = customer, .touchpoint = tp, .time = time, .experience = experience,
///                       .customer_count = 2};
/// cxscore::validate(v, map);  // throws input_error naming row and column
/// ```
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cxscore/code_column.hpp"
#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/dictionary.hpp"
#include "cxscore/error.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/time.hpp"

namespace cxscore {

inline constexpr std::int32_t no_dimension = -1;

/// Whether a row may hold dimension code d when the events have `dimensions` dimension labels.
[[nodiscard]] constexpr bool is_dimension_code(std::int32_t d, std::size_t dimensions) noexcept {
  return (d == no_dimension) | ((d >= 0) & (static_cast<std::size_t>(d) < dimensions));
}

struct event_view {
  std::span<const std::uint32_t> customer{};
  code_column<touchpoint_code> touchpoint{};  ///< wide, or bytes with a table (see code_column.hpp)
  std::span<const double> time{};             ///< seconds since the Unix epoch; empty = none (see time_column)
  std::span<const double> experience{};
  std::span<const double> expectation{};  ///< empty, or NaN per row = the touchpoint's promise
  code_column<std::int32_t> dimension{};  ///< empty, or a code per row (no_dimension = none)
  std::size_t customer_count = 0;
  std::span<const std::string> dimension_names{};  ///< label of each dimension code
  /// Empty when every row is an event of its own; else, by row, the row's signal within its event (see
  /// event_table::signal): 0 begins an event, its other signals' rows follow it.
  std::span<const std::uint8_t> signal{};

  [[nodiscard]] std::size_t size() const noexcept { return customer.size(); }
  /// Whether row i is the first (or only) row of its event: counting these rows counts events, where
  /// counting rows counts encounters.
  [[nodiscard]] bool begins_event(std::size_t i) const noexcept { return signal.empty() || signal[i] == 0; }
  [[nodiscard]] double expectation_at(std::size_t i, double promise) const noexcept {
    return expectation.empty() ? promise : expectation_or(expectation[i], promise);
  }
  [[nodiscard]] std::int32_t dimension_at(std::size_t i) const noexcept {
    return dimension.empty() ? no_dimension : dimension[i];
  }
};

/// What is wrong with one cell, if anything: its column and the reason.
struct cell_problem {
  std::string column;
  std::string reason;
};

/// Checks experience and expectation (NaN = use the promise) against touchpoint `tp`'s scale.
[[nodiscard]] inline std::optional<cell_problem> check_measurement(const touchpoint& tp, double experience,
                                                                   double expectation) {
  const auto range = [&] {
    std::string text(1, '[');
    text += detail::number_text(tp.scale.lo);
    text += ", ";
    text += detail::number_text(tp.scale.hi);
    return text + ']';
  };
  if (!std::isfinite(experience)) return cell_problem{"experience", "experience must be a finite number"};
  if (!tp.scale.contains(experience))
    return cell_problem{"experience", "outside the scale " + range() + " of touchpoint '" + tp.name + "'"};
  if (std::isnan(expectation)) {
    if (!tp.has_promise())
      return cell_problem{"expectation", "no expectation given and touchpoint '" + tp.name + "' has no promise"};
    return std::nullopt;
  }
  if (!std::isfinite(expectation)) return cell_problem{"expectation", "expectation must be a finite number"};
  if (!tp.scale.contains(expectation))
    return cell_problem{"expectation", "outside the scale " + range() + " of touchpoint '" + tp.name + "'"};
  return std::nullopt;
}

/// What is wrong with row `i` of `v` (0-based), if anything: the column, the value as text and the reason.
/// Codes in range, a finite time, the measurement in the touchpoint's scale.
struct row_problem {
  std::string column;
  std::string value;
  std::string reason;
};
/// check_measurement as a row_problem: the value of the column at fault, as text.
[[nodiscard]] inline std::optional<row_problem> measurement_problem(const touchpoint& tp, double experience,
                                                                    double expectation) {
  if (auto p = check_measurement(tp, experience, expectation))
    return row_problem{p->column, detail::number_text(p->column == "experience" ? experience : expectation),
                       std::move(p->reason)};
  return std::nullopt;
}
[[nodiscard]] inline std::optional<row_problem> find_row_problem(const event_view& v, const journey_map& map,
                                                                 std::size_t i) {
  if (v.customer[i] >= v.customer_count)
    return row_problem{"customer", std::to_string(v.customer[i]), "customer code out of range"};
  if (v.touchpoint[i] >= map.size())
    return row_problem{"touchpoint", std::to_string(v.touchpoint[i]), "unknown touchpoint code"};
  if (!v.time.empty() && !in_calendar(v.time[i]))
    return row_problem{"time", detail::number_text(v.time[i]),
                       !std::isfinite(v.time[i])
                           ? "time must be finite"
                           : time_refusal(v.time[i] < 0 ? time_status::before_calendar : time_status::beyond_calendar)};
  const std::int32_t d = v.dimension_at(i);
  if (!is_dimension_code(d, v.dimension_names.size()))
    return row_problem{"dimension", std::to_string(d), "dimension code out of range"};
  return measurement_problem(map[v.touchpoint[i]], v.experience[i],
                             v.expectation.empty() ? no_promise : v.expectation[i]);
}

/// The fast screen of validate(): whether every row of [from, to) passes find_row_problem, as one
/// branch-free loop over the columns and per-touchpoint tables, cheap beside scoring. It only answers yes or
/// no; find_row_problem says what is wrong. event_table_test checks that the two agree row by row.
class row_screen {
 public:
  /// `v`: the view whose rows all_valid() screens (a byte touchpoint column's table is read here).
  row_screen(const event_view& v, const journey_map& map) : m_dimensions(v.dimension_names.size()) {
    for (std::size_t t = 0; t < map.size(); ++t) {
      const touchpoint& tp = map[static_cast<touchpoint_code>(t)];
      m_scale.push_back({tp.scale.lo, tp.scale.hi, tp.has_promise()});
    }
    m_scale.push_back(refused);  // where an unknown code reads
    // A byte column's scales by byte value: one lookup a row, not the byte's code and then its scale.
    for (const touchpoint_code code : v.touchpoint.byte_table()) m_byte_scale.push_back(scale_of(code));
  }
  [[nodiscard]] bool all_valid(const event_view& v, std::size_t from, std::size_t to) const noexcept {
    if (m_scale.size() == 1) return from == to;  // no touchpoints: no row is valid
    // One loop for each way the code columns are stored (code_column::visit) and each set of optional
    // columns, so that no row tests what the columns are.
    const auto by_dimension = [&](auto scale_at) {
      if (v.dimension.empty())
        return all_valid(
            v, scale_at, [](std::size_t) noexcept { return no_dimension; }, from, to);
      return v.dimension.visit([&](auto dimension_at) { return all_valid(v, scale_at, dimension_at, from, to); });
    };
    if (const std::uint8_t* bytes = v.touchpoint.bytes(); bytes != nullptr && !m_byte_scale.empty())
      return by_dimension([scale = m_byte_scale.data(), bytes](std::size_t i) noexcept -> const scale_check& {
        return scale[bytes[i]];
      });
    return v.touchpoint.visit([&](auto touchpoint_at) {
      return by_dimension(
          [this, touchpoint_at](std::size_t i) noexcept -> const scale_check& { return scale_of(touchpoint_at(i)); });
    });
  }

 private:
  struct scale_check {
    double lo, hi;
    bool has_promise;
  };
  /// What an unknown touchpoint code reads: a scale no value is in, so that its row fails.
  static constexpr scale_check refused{std::numeric_limits<double>::infinity(),
                                       -std::numeric_limits<double>::infinity(), false};

  [[nodiscard]] const scale_check& scale_of(touchpoint_code code) const noexcept {
    return m_scale[std::min<std::size_t>(code, m_scale.size() - 1)];
  }

  template <class ScaleAt, class DimensionAt>
  [[nodiscard]] bool all_valid(const event_view& v, ScaleAt scale_at, DimensionAt dimension_at, std::size_t from,
                               std::size_t to) const noexcept {
    const bool timed = !v.time.empty(), expected = !v.expectation.empty();
    if (timed && expected) return rows_valid<true, true>(v, scale_at, dimension_at, from, to);
    if (timed) return rows_valid<true, false>(v, scale_at, dimension_at, from, to);
    if (expected) return rows_valid<false, true>(v, scale_at, dimension_at, from, to);
    return rows_valid<false, false>(v, scale_at, dimension_at, from, to);
  }

  template <bool Timed, bool Expected, class ScaleAt, class DimensionAt>
  [[nodiscard]] bool rows_valid(const event_view& v, ScaleAt scale_at, DimensionAt dimension_at, std::size_t from,
                                std::size_t to) const noexcept {
    bool ok = true;
    for (std::size_t i = from; i < to; ++i) {
      const auto& [lo, hi, has_promise] = scale_at(i);  // by reference: no copy of the entry a row
      const double x = v.experience[i];
      bool row = (v.customer[i] < v.customer_count) & (x >= lo) & (x <= hi);
      if constexpr (Timed) row &= (v.time[i] >= earliest_calendar_time) & (v.time[i] <= latest_calendar_time);
      if constexpr (Expected) {
        const double e = v.expectation[i];
        row &= ((e >= lo) & (e <= hi)) | (std::isnan(e) & has_promise);
      } else {
        row &= has_promise;
      }
      row &= is_dimension_code(dimension_at(i), m_dimensions);
      ok &= row;
    }
    return ok;
  }

  std::vector<scale_check> m_scale;       ///< by touchpoint code, `refused` last
  std::vector<scale_check> m_byte_scale;  ///< by byte value, for a byte touchpoint column; else empty
  std::size_t m_dimensions;
};

/// Whether events may come without times: only for score() with a model that reads none
/// (model::reads_time), which spares converting a time column nobody reads.
enum class time_column { required, optional };

/// The first half of validate(): every column as long as `customer` (an optional one may be empty), and a time
/// column where `times` requires one. What must hold before any row is read.
inline void check_column_lengths(const event_view& v, const std::string& source = "<arrays>",
                                 time_column times = time_column::required) {
  const std::size_t n = v.size();
  auto same_length = [&](std::size_t len, const char* column, bool optional) {
    if (!(len == n || (optional && len == 0)))
      detail::fail({source, 0, column, std::to_string(len)},
                   "column length differs from 'customer' (" + std::to_string(n) + ")");
  };
  same_length(v.touchpoint.size(), "touchpoint", false);
  if (v.time.empty() && n > 0 && times == time_column::required)
    detail::fail({source, 0, "time", "0"}, "no time column: event times are required here");
  same_length(v.time.size(), "time", true);
  same_length(v.experience.size(), "experience", false);
  same_length(v.expectation.size(), "expectation", true);
  same_length(v.dimension.size(), "dimension", true);
  same_length(v.signal.size(), "signal", true);
}

/// Validates caller-supplied columns: equal lengths (check_column_lengths), then every row (find_row_problem).
/// Rows are reported 1-based as array positions + 1. The screen runs on `threads` threads (0 = every
/// core) over fixed pieces; the error is always the first bad row, whatever the thread count.
inline void validate(const event_view& v, const journey_map& map, const std::string& source = "<arrays>",
                     unsigned threads = 1, time_column times = time_column::required) {
  check_column_lengths(v, source, times);
  const std::size_t n = v.size();
  const row_screen screen(v, map);
  constexpr std::size_t block = 4096, blocks_per_piece = 64;
  const std::size_t blocks = (n + block - 1) / block;
  std::vector<char> passed(blocks, 1);
  detail::parallel_blocks(detail::thread_count(threads), (blocks + blocks_per_piece - 1) / blocks_per_piece,
                          [&](std::size_t piece) {
    const std::size_t last = std::min(blocks, (piece + 1) * blocks_per_piece);
    for (std::size_t b = piece * blocks_per_piece; b < last; ++b)
      passed[b] = screen.all_valid(v, b * block, std::min(n, (b + 1) * block)) ? 1 : 0;
  });
  for (std::size_t b = 0; b < blocks; ++b) {
    if (passed[b]) [[likely]]
      continue;
    for (std::size_t i = b * block; i < std::min(n, (b + 1) * block); ++i)
      if (auto p = find_row_problem(v, map, i)) detail::fail({source, i + 1, p->column, p->value}, p->reason);
  }
}

/// Owning columnar events with the dictionaries that give codes their labels.
struct event_table {
  std::vector<std::uint32_t> customer;
  std::vector<touchpoint_code> touchpoint;
  std::vector<double> time;
  std::vector<double> experience;
  std::vector<double> expectation;      ///< empty when the source had no expectation column
  std::vector<std::int32_t> dimension;  ///< empty when the source had no dimension column
  /// Empty, or by row its signal's index within its event: measure_events makes an event at a touchpoint
  /// measured by several signals one row per signal (0, 1, ... right after each other), each an encounter
  /// for scoring, while the event stays one visit or contact for the analyses that count events.
  std::vector<std::uint8_t> signal;
  dictionary customers;
  dictionary dimensions;

  [[nodiscard]] std::size_t size() const noexcept { return customer.size(); }
  [[nodiscard]] event_view view() const noexcept {
    return {customer,         touchpoint,          time,  experience, expectation, dimension,
            customers.size(), dimensions.labels(), signal};
  }
};

}  // namespace cxscore
