#pragma once
/// The check every summary's recoding shares (directly_follows, path_counts, markov_counts): summaries built
/// apart number the touchpoints each in their own order, and are put on common codes before they merge.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cxscore::detail {

/// Throws std::invalid_argument unless `codes` gives each of `from` touchpoints its own code below `to`.
inline void check_touchpoint_codes(std::span<const std::uint32_t> codes, std::size_t from, std::size_t to,
                                   const std::string& what) {
  if (codes.size() != from)
    throw std::invalid_argument(what + ": " + std::to_string(codes.size()) + " codes for " + std::to_string(from) +
                                " touchpoints");
  std::vector<char> taken(to, 0);
  for (const auto c : codes) {
    if (c >= to) throw std::invalid_argument(what + ": code " + std::to_string(c) + " out of range");
    if (taken[c]) throw std::invalid_argument(what + ": code " + std::to_string(c) + " given twice");
    taken[c] = 1;
  }
}

}  // namespace cxscore::detail
