#pragma once
/// The byte form of path counts, the variants before sorting and filtering (summary kind paths; the header
/// in summary_bytes.hpp). Payload, every field 8 bytes little-endian: touchpoint count, path count (u64); then
/// each path in lexicographic order: its length (u64, > 0), its touchpoint codes (u64 each), its customers
/// (u64, > 0), its score's sum (f64) and count (u64).
///
/// ```cpp
/// std::string bytes = cxscore::to_bytes(cxscore::count_paths(log, order, value, weights));
/// cxscore::path_counts back = cxscore::path_counts_from_bytes(bytes);
/// ```
#include <string>
#include <string_view>

#include "cxscore/journeys/directly_follows.hpp"

namespace cxscore {

[[nodiscard]] std::string to_bytes(const path_counts& paths);

/// Reads to_bytes()'s form back, bit for bit; throws input_error for anything else (an empty path, a code out
/// of range, paths out of order, a path of no customers, a score of more customers than took the path).
[[nodiscard]] path_counts path_counts_from_bytes(std::string_view bytes);

}  // namespace cxscore
