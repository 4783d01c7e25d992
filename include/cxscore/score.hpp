#pragma once
/// Scoring: per-customer score and index, and the mergeable aggregates by touchpoint and segment
/// (owners, phases and channels are roll-ups of the touchpoints). The formulas are DESIGN.md's.
///
/// ```cpp
/// auto result = cxscore::score(events.view(), map, cxscore::model::prospect(), {.threads = 2});
/// double brand = result.brand_score();
/// auto owners = result.by(map.group_by([](const cxscore::touchpoint& t) -> const auto& { return t.owner; }));
/// ```
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/group_summary.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/time.hpp"
#include "cxscore/value_function.hpp"

namespace cxscore {

struct score_result {
  std::vector<double> customer_score;          ///< S_c after the peak-end blend; NaN = no events
  std::vector<double> customer_journey_score;  ///< S_c before the blend
  std::vector<double> customer_index;          ///< 0-100
  std::vector<std::uint32_t> customer_events;
  std::vector<group_summary> touchpoints;  ///< by touchpoint code
  std::vector<group_summary> segments;     ///< by segment code
  brand_summary brand;
  double lambda = 1.0;

  /// S-bar = sum psi S_c / sum psi, before the peak-end blend: the sum of all contributions.
  [[nodiscard]] double brand_score() const noexcept { return brand.journey_score_sum / brand.customer_weight; }
  [[nodiscard]] double brand_index() const noexcept { return score_index(brand_score(), lambda); }
  /// A group's contribution in index points (index_points() against the brand score): over a partition
  /// of the touchpoints they add up to brand_index() - 50.
  [[nodiscard]] double contribution_points(const group_summary& g) const noexcept {
    return index_points(g.contribution(brand.customer_weight), brand_score(), lambda);
  }
  /// A group's impact in index points (loss_points(), <= 0): they add up to the points of the total loss.
  [[nodiscard]] double impact_points(const group_summary& g) const noexcept {
    return loss_points(g.impact(brand.customer_weight), lambda);
  }
  /// The psi-weighted mean of the customers' final (blended) scores.
  [[nodiscard]] double mean_customer_score() const noexcept { return brand.score_sum / brand.customer_weight; }
  /// Aggregates for a grouping of touchpoints (see journey_map::group_by).
  [[nodiscard]] std::vector<group_summary> by(const journey_map::grouping& g) const {
    return roll_up(touchpoints, g.code_of_touchpoint, g.names.size());
  }
};

/// The instruction sets score() has a kernel for: the library compiles it once for each (x86-64: any CPU,
/// AVX2, AVX-512; elsewhere only `baseline`) and runs the widest the CPU has. Every target gives the same
/// bits. `automatic` = the target the environment variable CXSCORE_FORCE_ISA names (baseline, avx2,
/// avx512), else the widest available.
enum class simd_target { automatic, baseline, avx2, avx512 };

struct score_options {
  const customer_table* customers = nullptr;  ///< nullptr = every psi 1, one segment
  /// Label of a customer code for error messages (default: the code).
  std::function<std::string(std::uint32_t)> customer_label{};
  /// The file row of a customer code's first event for error messages (default: none, row 0).
  std::function<std::size_t(std::uint32_t)> customer_row{};
  std::string source = "<events>";
  /// Reference time for recency decay (epoch seconds); NaN = each customer's latest event.
  double as_of = std::numeric_limits<double>::quiet_NaN();
  /// Threads to score with; 0 = every core. Every count gives bit-identical results.
  unsigned threads = 0;
  /// Instruction set of the kernel (see simd_target); every target gives bit-identical results.
  simd_target simd = simd_target::automatic;
  /// The events are one part of the brand's customers (a file larger than memory scored a bucket of customers
  /// at a time): a part whose customers all weigh 0 is not refused, the caller runs check_brand_weight on the
  /// merged result.
  bool part_of_brand = false;
  /// The rows have not been through validate(): score() screens them itself (row_screen), on customer-sorted
  /// rows a chunk at a time just before the kernel reads it, so the columns are read once rather than twice. A
  /// bad row, or rows in another order, make it run validate() over every row first: the error names the first
  /// bad row, as validate() before score() would.
  bool screen_rows = false;
};

/// Refuses a result whose scored customers weigh 0 in all: then no brand score exists. score() runs it.
void check_brand_weight(const score_result& r, const std::string& source);

/// "automatic", "baseline", "avx2" or "avx512".
[[nodiscard]] const char* simd_target_name(simd_target t) noexcept;
/// Whether the library has a kernel for `t` and this CPU runs it (`automatic`: always).
[[nodiscard]] bool simd_target_available(simd_target t) noexcept;
/// The target score() runs for `requested`; throws input_error for a target that is not available or an
/// unknown CXSCORE_FORCE_ISA.
[[nodiscard]] simd_target resolve_simd_target(simd_target requested = simd_target::automatic);

/// Scores validated events (see validate(), and score_options::screen_rows); throws input_error for a customer
/// whose weights sum to 0.
/// The events may come without times (an empty `time`) when the model reads none (model::reads_time).
/// Customer-sorted rows are read once; rows in any other order are regrouped by customer first, keeping
/// each customer's rows in input order, and give the same bits as those rows stably sorted by customer
/// (see detail/score_kernel.hpp). Memory beyond the input and the result: O(touchpoints + segments) per
/// block, plus, for rows not sorted by customer, a copy of 16 to 24 bytes a row (each row's gap, codes
/// and, where the model reads them, time and dimension; with both, for about half the rows at a time).
/// Compiled into the library (see simd_target), so the results do not depend on the
/// flags of the program that calls it.
[[nodiscard]] score_result score(const event_view& ev, const journey_map& map, const model& m,
                                 const score_options& opt = {});

}  // namespace cxscore
