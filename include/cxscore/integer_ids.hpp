#pragma once
/// Customer codes for integer ids (account numbers, case ids), numbered in ascending id order.
///
/// Dense ids (largest - smallest < 2 × rows + 1024) are their own codes, less the smallest: no table at all,
/// and a code may stand for an id that no row has. Other ids get one code per distinct id, the k-th smallest
/// id code k: counted as runs where the rows come sorted by id (each change of id is the next code), else
/// through a hash table and a sort of the distinct ids. The codes do not depend on the thread count.
///
/// ```cpp
/// const std::vector<std::int64_t> ids{70, 9000000000, 70, 12};
/// std::vector<std::uint32_t> codes(ids.size());
/// const auto labels = cxscore::encode_integer_ids(ids, codes);
/// // codes == {1, 2, 1, 0}, labels.ids == {12, 70, 9000000000}
/// ```
#include <cstdint>
#include <span>
#include <vector>

namespace cxscore {

/// What the codes stand for.
struct integer_id_labels {
  /// Sparse ids: the id of each code, ascending. Empty for dense ids, where code k is id first_id + k.
  std::vector<std::int64_t> ids;
  std::int64_t first_id = 0;     ///< dense: the id of code 0 (the smallest id)
  std::uint64_t code_count = 0;  ///< how many codes: the span of dense ids, else the distinct ids

  [[nodiscard]] bool dense() const noexcept { return ids.empty() && code_count > 0; }
};

/// Writes the code of each of `ids` to `codes` (as long as `ids`: the caller's buffer, so that a column of
/// millions of rows is neither zeroed first nor copied after), on `threads` threads (0 = every core).
/// Throws input_error (column "customer") when the rows or the dense span outnumber 32-bit codes, or
/// std::invalid_argument when the lengths differ.
integer_id_labels encode_integer_ids(std::span<const std::int64_t> ids, std::span<std::uint32_t> codes,
                                     unsigned threads = 0);

}  // namespace cxscore
