#pragma once
/// The byte form of directly-follows counts (summary kind directly_follows; the header in summary_bytes.hpp).
/// Payload, every field 8 bytes little-endian: customers, events, touchpoint count (u64); for each touchpoint
/// in code order its name (length u64, then the UTF-8 bytes), visits, customers, starts, ends (u64), the gap's
/// sum (f64) and count (u64), the start gap's sum (f64) and count (u64); the edge count (u64); for each edge in
/// (source, target) order source, target, count (u64), the gap's and the duration's sum (f64) and count (u64).
/// Only an unfiltered graph (min_count 1) has a byte form: a filtered one does not merge.
///
/// ```cpp
/// std::string bytes = cxscore::to_bytes(cxscore::discover_directly_follows(log, order));
/// cxscore::directly_follows back = cxscore::directly_follows_from_bytes(bytes);
/// ```
#include <string>
#include <string_view>

#include "cxscore/journeys/directly_follows.hpp"

namespace cxscore {

/// Throws std::invalid_argument for a filtered graph.
[[nodiscard]] std::string to_bytes(const directly_follows& dfg);

/// Reads to_bytes()'s form back, bit for bit; throws input_error for anything else (names given twice, edges
/// out of order or of no count, a mean of more values than were counted, a sum that is not finite).
[[nodiscard]] directly_follows directly_follows_from_bytes(std::string_view bytes);

}  // namespace cxscore
