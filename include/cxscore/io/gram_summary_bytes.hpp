#pragma once
/// The byte form of a Gram summary (summary kind `gram`), so that the workers of a cluster build the Gram
/// summaries of their rows and the driver merges them (summary_bytes.hpp has the header every form shares).
///
/// `gram` payload: the row count n (u64) and the column count c (u64); then, when n > 0, the shift (c f64: the
/// reference row the moments are taken about); the shifted column sums (c f64); the shifted cross products
/// (c × c f64, column-major, both triangles). Decoding restores every field bit for bit and throws
/// input_error (file "<summary bytes>") for a wrong magic, version or kind and for a payload whose size
/// does not match its counts, before anything is allocated.
///
/// ```cpp
/// std::string bytes = cxscore::to_bytes(cxscore::build_gram(rows));   // on a worker
/// cxscore::gram_summary all = cxscore::gram_summary_from_bytes(bytes);  // on the driver, then merge()
/// ```
#include <string>
#include <string_view>

#include "cxscore/drivers/gram_summary.hpp"

namespace cxscore {

/// The byte form of `g`.
[[nodiscard]] std::string to_bytes(const gram_summary& g);

/// Reads to_bytes()'s form back, bit for bit; throws input_error for anything else.
[[nodiscard]] gram_summary gram_summary_from_bytes(std::string_view bytes);

}  // namespace cxscore
