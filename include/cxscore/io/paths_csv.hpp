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
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

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

/// A count cell of a row: the text of a CSV cell, or a number (a DataFrame's column).
using path_count = std::variant<std::string_view, double>;

/// channel_paths from the rows of the format, wherever they were read (a CSV file, a DataFrame's columns),
/// so that every source checks and counts them alike. Errors name the columns `path`, `total_conversions`
/// and `total_null`.
///
/// ```cpp
/// cxscore::channel_paths_builder rows("paths DataFrame");
/// rows.add_row("C1 > C2", 1.0, 0.0, 1);  // row 1: converted once
/// rows.add_row("C2", 0.0, 2.0, 2);       // row 2: two journeys that did not
/// const cxscore::channel_paths paths = rows.finish();  // channels C1, C2; 3 journeys
/// ```
class channel_paths_builder {
 public:
  /// `source` names the input in errors.
  explicit channel_paths_builder(std::string source) : m_source(std::move(source)) {}

  /// Adds a row: `path`'s channels (split at '>', blanks around them dropped) coded in order of first
  /// appearance, and its journeys (`nulls` absent = 0). Throws input_error naming `row` for an empty
  /// path, an empty channel, or a count that is not a number from 0 to max_path_count.
  void add_row(std::string_view path, path_count conversions, std::optional<path_count> nulls, std::size_t row);
  /// The channels and counts of the rows; throws input_error when there were no rows, or no journeys.
  [[nodiscard]] channel_paths finish() const;

 private:
  [[nodiscard]] double count(path_count cell, const char* column, std::size_t row) const;

  std::string m_source;
  dictionary m_channels;
  std::vector<std::uint32_t> m_steps;  // the current row's states (start 0, channel c = c + 1), reused
  // Journeys between states (from << 32 | to), and each state's journeys ending in conversion or not.
  std::unordered_map<std::uint64_t, double> m_transitions;
  std::vector<double> m_conversions{0.0}, m_nulls{0.0};
  std::size_t m_rows = 0;
};

[[nodiscard]] channel_paths read_paths_csv(const std::filesystem::path& path);
/// The same, from CSV text in memory; `source` names it in errors.
[[nodiscard]] channel_paths parse_paths_csv(std::string_view text, const std::string& source = "<paths>");

}  // namespace cxscore
