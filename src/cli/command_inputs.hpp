#pragma once
// The inputs the analysis commands (service, owners, drivers from events) share: map, events, customers, model, column names.
// Strict reading: the first bad row stops the command with an input_error (exit code 2).
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "cxscore/customers_csv.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/events_csv.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/score.hpp"

namespace cxscore::cli {

struct input_args {
  std::string map, events, customers, model = "prospect", columns;
};

/// Adds --map, --events (required unless `required` is false), --customers, --model, --columns to
/// `command`.
void add_input_options(CLI::App& command, input_args& args, bool required = true);

struct loaded_inputs {
  journey_map map;
  cxscore::model model;
  event_table events;
  std::optional<customers_read_result> customers;
  [[nodiscard]] const customer_table* customer_weights() const { return customers ? &customers->customers : nullptr; }
};

/// Reads and validates everything; throws input_error (naming file, row, column, value) on bad input,
/// including an events file without events.
[[nodiscard]] loaded_inputs load_inputs(const input_args& args);

/// score() of the loaded inputs, with customer labels in error messages.
[[nodiscard]] score_result score_inputs(const loaded_inputs& in, const std::string& source);

}  // namespace cxscore::cli
