#pragma once
/// The part of a scoring run that merges: the summaries by touchpoint and by segment, the brand's sums and
/// the model's λ. Partitions that each hold whole customers score separately; their summaries, merged in a
/// fixed order, give the brand score, the group tables and summary.json of one pass over everything (up to
/// the rounding of a different addition order). The per-customer scores need no merging: a customer is
/// scored where all of its events are.
///
/// ```cpp
/// auto total = cxscore::summaries_of(cxscore::score(part_a.view(), map, m));
/// total.merge(cxscore::summaries_of(cxscore::score(part_b.view(), map, m)));
/// double brand = cxscore::result_of(total).brand_score();
/// ```
#include <bit>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cxscore/error.hpp"
#include "cxscore/group_summary.hpp"
#include "cxscore/score.hpp"

namespace cxscore {

struct score_summaries {
  std::vector<group_summary> touchpoints;  ///< by touchpoint code
  std::vector<group_summary> segments;     ///< by segment code
  brand_summary brand;
  double lambda = 1.0;  ///< the model's loss aversion, which turns scores into index points

  /// Adds `o`'s sums; refuses (input_error) summaries of another shape or another model, which would merge
  /// into numbers that mean nothing.
  void merge(const score_summaries& o) {
    expect_same("touchpoints", touchpoints.size(), o.touchpoints.size());
    expect_same("segments", segments.size(), o.segments.size());
    // Compared as bits: the same model gives the same λ, to the bit, on every worker.
    if (std::bit_cast<std::uint64_t>(lambda) != std::bit_cast<std::uint64_t>(o.lambda))
      detail::fail({.file = "<summaries>", .column = "lambda", .value = detail::number_text(o.lambda)},
                   "cannot merge the summaries of models with different lambda (" + detail::number_text(lambda) + ")");
    for (std::size_t t = 0; t < touchpoints.size(); ++t) touchpoints[t].merge(o.touchpoints[t]);
    for (std::size_t s = 0; s < segments.size(); ++s) segments[s].merge(o.segments[s]);
    brand.merge(o.brand);
  }

  /// The same sums with segment code k recoded as `new_code[k]` out of `count` segments; segments that get
  /// the same code merge. How partitions that numbered their segments each in their own order agree on one
  /// numbering before they merge.
  [[nodiscard]] score_summaries with_segment_codes(std::span<const std::uint32_t> new_code, std::size_t count) const {
    if (new_code.size() != segments.size())
      detail::fail({.file = "<summaries>", .column = "segments", .value = std::to_string(new_code.size())},
                   "expected a new code for each of the " + std::to_string(segments.size()) + " segments");
    score_summaries out{touchpoints, std::vector<group_summary>(count), brand, lambda};
    for (std::size_t s = 0; s < segments.size(); ++s) {
      if (new_code[s] >= count)
        detail::fail({.file = "<summaries>", .column = "segments", .value = std::to_string(new_code[s])},
                     "a new segment code must be below the segment count " + std::to_string(count));
      out.segments[new_code[s]].merge(segments[s]);
    }
    return out;
  }

 private:
  static void expect_same(const char* what, std::size_t mine, std::size_t theirs) {
    if (mine != theirs)
      detail::fail({.file = "<summaries>", .column = what, .value = std::to_string(theirs)},
                   std::string("cannot merge summaries of ") + std::to_string(theirs) + " " + what + " into " +
                       std::to_string(mine));
  }
};

/// The mergeable part of `r`.
[[nodiscard]] inline score_summaries summaries_of(const score_result& r) {
  return {r.touchpoints, r.segments, r.brand, r.lambda};
}

/// A score_result of merged summaries, without per-customer columns: what the brand figures, the group
/// tables (group_tables.hpp) and summary.json are computed from.
[[nodiscard]] inline score_result result_of(score_summaries s) {
  score_result r;
  r.touchpoints = std::move(s.touchpoints);
  r.segments = std::move(s.segments);
  r.brand = s.brand;
  r.lambda = s.lambda;
  return r;
}

}  // namespace cxscore
