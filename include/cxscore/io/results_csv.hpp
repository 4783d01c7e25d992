#pragma once
/// The files `cxscore score` writes into its output folder, all or nothing: customers.csv
/// (`customer, score, index, events`), touchpoints.csv, owners.csv, phases.csv, channels.csv,
/// segments.csv (`<group>, count, mean_gap, mean_value, unmet_share, contribution, impact`),
/// summary.json, and in lenient mode rejected.csv (`file, row, column, value, reason`).
/// Numbers are written in shortest round-trip form: reading them back gives the same doubles.
///
/// ```cpp
/// cxscore::write_score_outputs("out", {.result = result, .map = map, .events = events, .model = m});
/// ```
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/group_tables.hpp"
#include "cxscore/io/rejected_row.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/score.hpp"

namespace cxscore {

struct score_outputs {
  const score_result& result;
  const journey_map& map;
  const event_table& events;
  const cxscore::model& model;
  const customer_table* customers = nullptr;            ///< segments; nullptr = all "unassigned"
  const std::vector<rejected_row>* rejected = nullptr;  ///< non-null in lenient mode
  std::size_t customers_without_events = 0;
};

/// The per-customer columns customers.csv is written from, by customer code; `label(code)` names a customer.
struct customer_columns {
  std::span<const double> score;
  std::span<const double> index;
  std::span<const std::uint32_t> events;  ///< a customer without events gets no row
  std::function<std::string_view(std::uint32_t)> label;
};

/// customers.csv as text (`customer, score, index, events`), formatted on every core.
[[nodiscard]] std::string customers_csv(const customer_columns& columns);
/// The same text handed to `put` a piece at a time, in order, never held whole.
void customers_csv_pieces(const customer_columns& columns, const std::function<void(std::string_view)>& put);
/// The summary.json text: brand figures, the model, the loss split, and how many rows were rejected or
/// named customers without events.
[[nodiscard]] std::string summary_json(const score_result& result, const journey_map& map, const cxscore::model& model,
                                       std::size_t rejected_rows, std::size_t customers_without_events);
[[nodiscard]] std::string summary_json(const score_outputs& outputs);
/// Rows skipped in lenient mode as rejected.csv text (`file, row, column, value, reason`).
[[nodiscard]] std::string rejected_csv(const std::vector<rejected_row>& rows);
/// A group table of `result` (`<key>, count, mean_gap, ...`, group_measures) as CSV text.
[[nodiscard]] std::string group_csv(const group_table& table, const score_result& result);
/// Replaces `dir` with the score files as a whole (see src/internal/staged_directory.hpp); throws input_error, writing
/// nothing, when `dir` is a non-empty folder that is not an earlier score output.
void write_score_outputs(const std::filesystem::path& dir, const score_outputs& outputs);

}  // namespace cxscore
