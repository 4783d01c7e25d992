#pragma once
/// ChannelAttribution's path format, so that its users can compare: columns `path` (channels joined by
/// `" > "`), `total_conversions` and optionally `total_null` (journeys on that path that did not convert);
/// other columns are ignored. Counts are numbers from 0 to `max_path_count`, not all 0. Every step is
/// "met" (the format has no gaps).
///
/// ```cpp
/// const cxscore::channel_paths paths = cxscore::read_paths_csv("Data.csv");
/// const cxscore::markov_result r = cxscore::solve_markov(paths.counts);
/// double first = r.effects[0].removal_effect;  // channel paths.channels[0]
/// ```
#include <filesystem>
#include <string>
#include <string_view>

#include "cxscore/dictionary.hpp"
#include "cxscore/journeys/markov_chain.hpp"

namespace cxscore {

/// The largest count a row may hold: far above any real number of journeys, below 2^53 (whole counts stay
/// exact), and small enough that no file's counts can add up to infinity.
inline constexpr double max_path_count = 1e15;

struct channel_paths {
  dictionary channels;  ///< channel code = touchpoint code of `counts`
  markov_counts counts;
  std::size_t rows = 0;
};

[[nodiscard]] channel_paths read_paths_csv(const std::filesystem::path& path);
/// The same, from CSV text in memory; `source` names it in errors.
[[nodiscard]] channel_paths parse_paths_csv(std::string_view text, const std::string& source = "<paths>");

}  // namespace cxscore
