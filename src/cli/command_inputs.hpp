#pragma once
// The inputs the analysis commands (service, owners, monitor, drivers from events) share: map, events, customers, model, column
// names. Strict reading stops at the first bad row with an input_error (exit code 2); --lenient skips bad
// rows and lists them (rejected.csv), as `cxscore score --lenient` does.
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"
#include "cxscore/io/customers_csv.hpp"
#include "cxscore/io/events_csv.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/model.hpp"
#include "cxscore/score.hpp"

namespace cxscore::cli {

struct input_args {
  std::string map, events, customers, model = "prospect", columns, separator;
  bool lenient = false;
  bool progress = false;  ///< a progress line on standard error while the events are read (progress_line.hpp)
};

/// --buckets and --window-bytes: an events file larger than memory read a window at a time and analysed a bucket
/// of customers at a time (events_in_buckets.hpp).
struct bucket_args {
  std::size_t buckets = 0;       ///< 0: automatic (plan_buckets)
  std::size_t window_bytes = 0;  ///< 0: the default window
};

struct loaded_inputs {
  journey_map map;
  cxscore::model model;
  event_table events;
  std::vector<std::size_t> first_rows;  ///< by customer code: the file row of its first event
  std::optional<customers_read_result> customers;
  std::optional<std::vector<rejected_row>> rejected;  ///< events' and customers' bad rows; lenient mode only
  [[nodiscard]] const customer_table* customer_weights() const { return customers ? &customers->customers : nullptr; }
  [[nodiscard]] const std::vector<rejected_row>* rejected_rows() const { return rejected ? &*rejected : nullptr; }
};

/// Reads and validates everything; throws input_error (naming file, row, column, value) on bad input,
/// including an events file without events.
[[nodiscard]] loaded_inputs load_inputs(const input_args& args);

/// How the events file is read: --lenient, --columns, --sep, and events after `latest_time` refused.
[[nodiscard]] csv_read_options events_read_options(const input_args& args,
                                                   double latest_time = std::numeric_limits<double>::infinity());

/// "skipped N bad rows (listed in OUT/rejected.csv)\n" in lenient mode (`rejected` non-null), else "".
[[nodiscard]] std::string skipped_rows_note(const std::vector<rejected_row>* rejected, const std::string& out);

/// How a command scores the events it read.
struct score_events_options {
  const customer_table* customers = nullptr;                ///< weights and segments; null: every customer weighs 1
  std::string source;                                       ///< the events' file, named in error messages
  double as_of = std::numeric_limits<double>::quiet_NaN();  ///< NaN: each customer's latest event
  unsigned threads = 0;                                     ///< 0: every core
  const std::vector<std::size_t>* first_rows = nullptr;     ///< by customer code: the file row of its first event
};

/// Refuses an events file without events (`events` rows read from `source`): there is nothing to score.
void require_events(std::size_t events, const std::string& source);

/// score() with customer labels and file rows in error messages; refuses a table without events.
[[nodiscard]] score_result score_events(const event_table& events, const journey_map& map, const model& m,
                                        const score_events_options& options);

/// score_events() of the loaded inputs.
[[nodiscard]] score_result score_inputs(const loaded_inputs& in, const std::string& source);

}  // namespace cxscore::cli
