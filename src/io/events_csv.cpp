#include "cxscore/io/events_csv.hpp"

#include <algorithm>
#include <cmath>

#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/time.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"

namespace cxscore {

std::map<std::string, std::string> parse_column_renames(const std::string& spec) {
  static const std::vector<std::string> logical{"customer",   "touchpoint",  "time",
                                                "experience", "expectation", "dimension"};
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < spec.size()) {
    const std::size_t end = std::min(spec.find(',', start), spec.size());
    const std::string pair = spec.substr(start, end - start);
    const std::size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size())
      detail::fail({"--columns", 0, "", pair}, "expected name=column pairs such as customer=case_id");
    const std::string name = pair.substr(0, eq);
    if (std::find(logical.begin(), logical.end(), name) == logical.end())
      detail::fail({"--columns", 0, "", name},
                   "unknown column role (expected customer, touchpoint, time, experience, expectation, dimension)");
    out[name] = pair.substr(eq + 1);
    start = end + 1;
  }
  return out;
}

events_read_result parse_events_csv(std::string_view text, const journey_map& map, const csv_read_options& options,
                                    const std::string& source) {
  detail::csv_reader reader(text, source);
  const detail::csv_header header(reader, options.columns);
  const std::size_t c_customer = header.required("customer");
  const std::size_t c_touchpoint = header.required("touchpoint");
  const std::size_t c_time = header.required("time");
  // With touchpoints measured from the log, the experience column may be absent (operational_experience.hpp).
  const bool operational = has_operational_measures(map);
  const auto c_experience = operational ? header.optional("experience") : header.required("experience");
  const auto c_expectation = header.optional("expectation");
  const auto c_dimension = header.optional("dimension");

  dictionary touchpoints;  // codes equal the map's, for lookups by string_view without allocating
  for (std::size_t t = 0; t < map.size(); ++t) touchpoints.encode(map[static_cast<touchpoint_code>(t)].name);

  events_read_result out;
  event_table& ev = out.events;
  const std::size_t estimated_rows = text.size() / 48;
  for (auto* column : {&ev.time, &ev.experience}) column->reserve(estimated_rows);
  ev.customer.reserve(estimated_rows);
  ev.touchpoint.reserve(estimated_rows);
  if (c_expectation) ev.expectation.reserve(estimated_rows);
  if (c_dimension) ev.dimension.reserve(estimated_rows);

  auto number = [&](std::string_view cell, std::size_t column, const char* what) {
    double x = 0;
    if (detail::trim(cell).empty()) detail::bad_cell(reader, header, column, cell, std::string(what) + " is empty");
    if (!detail::parse_double(cell, x)) detail::bad_cell(reader, header, column, cell, detail::number_problem(cell));
    return x;
  };

  detail::for_each_row(reader, header, options.lenient, out.rejected,
                       [&](const std::vector<std::string_view>& f, std::size_t row) {
    const std::string_view customer = f[c_customer];  // the reader trimmed it unless quoted
    if (customer.empty()) detail::bad_cell(reader, header, c_customer, f[c_customer], "customer id is empty");
    const auto tp = touchpoints.find(f[c_touchpoint]);
    if (!tp) detail::bad_cell(reader, header, c_touchpoint, f[c_touchpoint], "unknown touchpoint (not in the map)");
    const time_reading time = read_time(f[c_time]);
    if (time.status != time_status::ok) detail::bad_cell(reader, header, c_time, f[c_time], time_refusal(time.status));
    if (time.seconds > options.latest_time)
      detail::bad_cell(reader, header, c_time, f[c_time],
                       "an event after the as-of time " + format_time(options.latest_time) + " cannot be scored");
    const touchpoint& spot = map[*tp];
    double experience = 0;  // a measured touchpoint's experience is filled in once every journey is read
    if (spot.measure == measure::survey) {
      if (!c_experience)
        detail::bad_cell(reader, header, c_touchpoint, f[c_touchpoint],
                         "no experience column, and touchpoint '" + spot.name + "' is measured by survey");
      experience = number(f[*c_experience], *c_experience, "experience");
    } else {
      experience = spot.promise;
      // Each of several signals brings its own promise and is its own dimension.
      if (!spot.measures.empty())
        for (const auto column : {c_expectation, c_dimension})
          if (column && !detail::trim(f[*column]).empty())
            detail::bad_cell(reader, header, *column, f[*column],
                             "touchpoint '" + spot.name +
                                 "' is measured by several signals, each with its own "
                                 "promise and dimension: leave this cell empty");
    }
    double expectation = no_promise;
    if (c_expectation && !detail::trim(f[*c_expectation]).empty())
      expectation = number(f[*c_expectation], *c_expectation, "expectation");
    if (auto problem = check_measurement(map[*tp], experience, expectation)) {
      const std::size_t column = problem->column == "experience" ? *c_experience : *c_expectation;
      const bool from_promise = problem->column == "expectation" && !c_expectation;
      if (from_promise)  // no expectation column at all: name the touchpoint, the cause
        detail::bad_cell(reader, header, c_touchpoint, f[c_touchpoint], problem->reason);
      detail::bad_cell(reader, header, column, f[column], problem->reason);
    }
    // Only a row that passed every check is encoded, so a rejected row leaves no trace in the table.
    ev.customer.push_back(ev.customers.encode(customer));
    if (ev.customer.back() == out.first_rows.size()) out.first_rows.push_back(row);
    ev.touchpoint.push_back(*tp);
    ev.time.push_back(time.seconds);
    ev.experience.push_back(experience);
    if (c_expectation) ev.expectation.push_back(expectation);
    if (c_dimension) {
      const std::string_view d = f[*c_dimension];
      ev.dimension.push_back(d.empty() ? no_dimension : static_cast<std::int32_t>(ev.dimensions.encode(d)));
    }
  });
  measure_events(ev, map);
  return out;
}

events_read_result read_events_csv(const std::filesystem::path& path, const journey_map& map,
                                   const csv_read_options& options) {
  const std::string text = detail::read_file(path.string());
  return parse_events_csv(text, map, options, path.string());
}

}  // namespace cxscore
