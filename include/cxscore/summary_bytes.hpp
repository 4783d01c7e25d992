#pragma once
/// Summaries as bytes, so that the workers of a cluster (Dask, Spark) can build them and the driver merge
/// them. The form is fixed-width and little-endian on every platform:
///
/// | bytes | field                                                      |
/// | ----- | ---------------------------------------------------------- |
/// | 4     | magic `CXSB`                                               |
/// | 2     | format version (summary_format_version)                    |
/// | 2     | summary kind (summary_kind)                                |
/// | 8     | payload size in bytes                                      |
/// | ...   | payload, laid out by the kind                              |
///
/// `score` payload: λ (f64); the brand summary (customers u64, events u64, customer_weight, journey_score_sum,
/// score_sum f64); touchpoint count and segment count (u64 each); then each touchpoint's and each segment's
/// group_summary (count u64, weight, gap_sum, value_sum, unmet_weight, contribution_sum, impact_sum f64).
/// Decoding checks everything and throws input_error (file "<summary bytes>") for a wrong magic, version or
/// kind, and for a buffer shorter or longer than its header and counts say: never a silently wrong summary.
///
/// ```cpp
/// std::string bytes = cxscore::to_bytes(cxscore::summaries_of(result));
/// cxscore::score_summaries back = cxscore::score_summaries_from_bytes(bytes);
/// ```
#include <cstdint>
#include <string>
#include <string_view>

#include "cxscore/score_summaries.hpp"

namespace cxscore {

/// Raised whenever the byte form changes; a decoder refuses every other version.
inline constexpr std::uint16_t summary_format_version = 1;

/// What a byte form holds; a decoder refuses bytes of another kind. Each kind's payload is described where its
/// to_bytes is declared.
enum class summary_kind : std::uint16_t {
  score = 1,             // score_summaries
  directly_follows = 2,  // directly-follows counts
  markov = 3,            // Markov transition counts
  paths = 4,             // variants and key paths
  gram = 5,              // Gram matrices of key drivers
  service = 6,           // service-attribution counts
  windows = 7,           // time-window sums (owners' trend, monitor)
};

/// The byte form of a scoring run's summaries.
[[nodiscard]] std::string to_bytes(const score_summaries& s);

/// Reads to_bytes()'s form back, bit for bit; throws input_error for anything else.
[[nodiscard]] score_summaries score_summaries_from_bytes(std::string_view bytes);

}  // namespace cxscore
