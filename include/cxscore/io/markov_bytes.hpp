#pragma once
/// The byte form of Markov transition counts (summary kind markov; the header in summary_bytes.hpp). Payload,
/// every field 8 bytes little-endian: touchpoint count (u64), journeys and successes (f64), the transition
/// count (u64), then each transition in (from, to) order: from, to (u64, states as markov_counts numbers them)
/// and its count (f64, > 0).
///
/// ```cpp
/// std::string bytes = cxscore::to_bytes(cxscore::count_journeys(log, order, outcomes));
/// cxscore::markov_counts back = cxscore::markov_counts_from_bytes(bytes);
/// ```
#include <string>
#include <string_view>

#include "cxscore/journeys/markov_chain.hpp"

namespace cxscore {

[[nodiscard]] std::string to_bytes(const markov_counts& counts);

/// Reads to_bytes()'s form back, every field as it was; throws input_error for anything else (a state out of
/// range, transitions out of order, a count that is not finite and positive, more successes than journeys).
[[nodiscard]] markov_counts markov_counts_from_bytes(std::string_view bytes);

}  // namespace cxscore
