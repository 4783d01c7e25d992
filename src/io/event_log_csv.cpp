#include "cxscore/io/event_log_csv.hpp"

#include <algorithm>
#include <cmath>

#include "cxscore/event_table.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/time.hpp"
#include "cxscore/value_function.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"
#include "internal/event_log_windows.hpp"
#include "internal/progress_meter.hpp"

namespace cxscore {

namespace detail {

namespace {

/// Empties the row columns of `log`, keeping their capacity for the next window, and the dictionaries.
void clear_rows(event_log& log) {
  log.customer.clear();
  log.touchpoint.clear();
  log.time.clear();
  log.gap.clear();
}

}  // namespace

/// The rows of an event log CSV; with `on_window`, handed over (and let go) each time the reader has gone
/// `window_bytes` past the last hand-over, and at the end, the measured gaps not filled in; without, all kept.
event_log_read_result parse_event_log_rows(std::string_view text, const journey_map* map,
                                           const csv_read_options& options, const std::string& source,
                                           std::size_t window_bytes,
                                           const std::function<void(const event_log& rows)>& on_window,
                                           const mapped_text* file) {
  detail::csv_reader reader(text, source, false, options.separator);
  const detail::csv_header header(reader, options.columns);
  const std::size_t c_customer = header.required("customer");
  const std::size_t c_touchpoint = header.required("touchpoint");
  const std::size_t c_time = header.required("time");
  const auto c_experience = header.optional("experience");
  const auto c_expectation = header.optional("expectation");

  event_log_read_result out;
  event_log& log = out.log;
  if (map)
    for (std::size_t t = 0; t < map->size(); ++t) log.touchpoints.encode((*map)[static_cast<touchpoint_code>(t)].name);
  const std::size_t estimated_rows = std::min(text.size(), on_window ? window_bytes : text.size()) / 48;
  log.customer.reserve(estimated_rows);
  log.touchpoint.reserve(estimated_rows);
  log.time.reserve(estimated_rows);
  const bool measured = map != nullptr;
  if (measured) log.gap.reserve(estimated_rows);
  detail::progress_meter meter(options.progress, text.size(), reader.offset());
  detail::chunk_progress progress(&meter, reader.offset());
  std::size_t handed_over = 0, window_start = reader.offset();  // rows handed over, where the window began

  detail::for_each_row(reader, header, options.lenient, out.rejected,
                       [&](const std::vector<std::string_view>& f, std::size_t) {
    const std::string_view customer = f[c_customer];  // the reader trimmed it unless quoted
    if (customer.empty()) detail::bad_cell(reader, header, c_customer, f[c_customer], "customer id is empty");
    const std::string_view name = f[c_touchpoint];  // trimmed unless quoted
    if (detail::trim(name).empty())
      detail::bad_cell(reader, header, c_touchpoint, f[c_touchpoint], "touchpoint is empty");
    const auto known = log.touchpoints.find(name);
    if (map && !known)
      detail::bad_cell(reader, header, c_touchpoint, f[c_touchpoint], "unknown touchpoint (not in the map)");
    // Without a map every name becomes a touchpoint: refused here are the names no map could have (a
    // quoted " web" would be a second touchpoint beside "web").
    if (const auto problem = journey_map::name_problem(name))
      detail::bad_cell(reader, header, c_touchpoint, f[c_touchpoint], *problem);
    const time_reading time = read_time(f[c_time]);
    if (time.status != time_status::ok) detail::bad_cell(reader, header, c_time, f[c_time], time_refusal(time.status));
    if (time.seconds > options.latest_time)
      detail::bad_cell(reader, header, c_time, f[c_time],
                       "an event after the as-of time " + format_time(options.latest_time) + " cannot be scored");
    double gap = std::numeric_limits<double>::quiet_NaN();
    if (map && (*map)[*known].measure == measure::survey && c_experience && !detail::trim(f[*c_experience]).empty()) {
      const touchpoint& tp = (*map)[*known];
      double experience = 0, expectation = no_promise;
      if (!detail::parse_double(f[*c_experience], experience))
        detail::bad_cell(reader, header, *c_experience, f[*c_experience], detail::number_problem(f[*c_experience]));
      if (c_expectation && !detail::trim(f[*c_expectation]).empty() &&
          !detail::parse_double(f[*c_expectation], expectation))
        detail::bad_cell(reader, header, *c_expectation, f[*c_expectation], detail::number_problem(f[*c_expectation]));
      if (auto problem = check_measurement(tp, experience, expectation)) {
        const std::size_t column = problem->column == "experience" ? *c_experience
                                   : c_expectation                 ? *c_expectation
                                                                   : c_touchpoint;
        detail::bad_cell(reader, header, column, f[column], problem->reason);
      }
      gap = encounter_gap(tp, experience, expectation);
    }
    // Only a row that passed every check is encoded, so a rejected row leaves no trace in the log.
    log.customer.push_back(log.customers.encode(customer));
    log.touchpoint.push_back(known ? *known : log.touchpoints.encode(name));
    log.time.push_back(time.seconds);
    if (measured) log.gap.push_back(gap);
    progress.at(reader.offset(), handed_over + log.customer.size() + out.rejected.size());
    if (on_window && reader.offset() - window_start >= window_bytes) {
      on_window(log);
      handed_over += log.size();
      clear_rows(log);
      // The window's text is read: its pages leave the process's memory (a mapped file's would stay counted).
      if (file != nullptr) file->done_with(window_start, reader.offset());
      window_start = reader.offset();
    }
  });
  if (on_window && log.size() > 0) {
    on_window(log);
    handed_over += log.size();
    clear_rows(log);
  }
  progress.report(reader.offset(), handed_over + log.customer.size() + out.rejected.size());
  meter.finish();
  return out;
}

event_log_read_result read_event_log_csv_in_windows(const std::filesystem::path& path, const journey_map* map,
                                                    const csv_read_options& options, std::size_t window_bytes,
                                                    const std::function<void(const event_log& rows)>& on_window) {
  const mapped_text file(path.string());
  return parse_event_log_rows(file.text(), map, options, path.string(), std::max<std::size_t>(window_bytes, 1),
                              on_window, &file);
}

}  // namespace detail

event_log_read_result parse_event_log_csv(std::string_view text, const journey_map* map,
                                          const csv_read_options& options, const std::string& source) {
  event_log_read_result out = detail::parse_event_log_rows(text, map, options, source, 0, nullptr, nullptr);
  if (map) fill_measured_gaps(out.log, *map);
  return out;
}

event_log_read_result read_event_log_csv(const std::filesystem::path& path, const journey_map* map,
                                         const csv_read_options& options) {
  const detail::mapped_text file(path.string());
  return parse_event_log_csv(file.text(), map, options, path.string());
}

}  // namespace cxscore
