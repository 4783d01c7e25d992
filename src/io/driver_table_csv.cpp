#include "cxscore/drivers/driver_table.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"

namespace cxscore {
driver_table parse_driver_table_csv(std::string_view text, const driver_csv_options& o, const std::string& source) {
  if (o.outcome.empty()) detail::fail({source, 0, "outcome", ""}, "name the outcome column");
  detail::csv_reader reader(text, source);
  const std::map<std::string, std::string> no_renames;
  const detail::csv_header header(reader, no_renames);
  const std::size_t c_outcome = header.required(o.outcome);
  std::optional<std::size_t> c_id;
  if (!o.id.empty())
    c_id = header.required(o.id);
  else if (const auto& first = header.names().front(); first == "customer" || first == "id" || first == "rownames")
    c_id = 0;
  std::vector<std::size_t> c_drivers;
  driver_table t;
  t.outcome = o.outcome;
  if (o.drivers.empty()) {
    for (std::size_t k = 0; k < header.size(); ++k)
      if (k != c_outcome && (!c_id || k != *c_id)) c_drivers.push_back(k), t.drivers.push_back(header.names()[k]);
  } else {
    for (const auto& d : o.drivers) {
      const std::size_t k = header.required(d);
      if (k == c_outcome) detail::fail({source, 1, d, d}, "the outcome cannot also be a driver");
      if (std::find(c_drivers.begin(), c_drivers.end(), k) != c_drivers.end())
        detail::fail({source, 1, d, d}, "driver named twice");
      c_drivers.push_back(k);
      t.drivers.push_back(d);
    }
  }
  if (c_drivers.empty()) detail::fail({source, 1, "", ""}, "no driver columns");

  std::vector<double> values;  // row-major, drivers then outcome
  std::vector<rejected_row> unused;
  const std::size_t width = c_drivers.size() + 1;
  std::vector<double> row(width);
  std::unordered_map<std::string, std::size_t> id_row;  // the row each id was first listed on
  detail::for_each_row(reader, header, false, unused, [&](const std::vector<std::string_view>& f, std::size_t at) {
    const std::string id = c_id ? std::string(f[*c_id]) : std::string();
    // One row per customer: a row without an id, or an id's second row, would weigh in the fit unnoticed.
    if (c_id && id.empty()) detail::bad_cell(reader, header, *c_id, f[*c_id], "id is empty");
    if (c_id)
      if (const auto [first, added] = id_row.try_emplace(id, at); !added)
        detail::bad_cell(reader, header, *c_id, f[*c_id], detail::listed_twice("id", first->second));
    for (std::size_t j = 0; j < width; ++j) {
      const std::size_t k = j < c_drivers.size() ? c_drivers[j] : c_outcome;
      if (detail::trim(f[k]).empty()) {
        t.excluded.push_back({at, id, header.names()[k], "missing value"});
        return;
      }
      const bool ok = k == c_outcome ? detail::parse_outcome(f[k], row[j]) : detail::parse_double(f[k], row[j]);
      if (!ok || !std::isfinite(row[j])) detail::bad_cell(reader, header, k, f[k], "not a finite number");
    }
    values.insert(values.end(), row.begin(), row.end());
    t.rows.push_back(at);
    if (c_id) t.ids.push_back(id);
  });
  const auto rows = static_cast<Eigen::Index>(values.size() / width);
  t.data = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      values.data(), rows, static_cast<Eigen::Index>(width));
  return t;
}

driver_table read_driver_table_csv(const std::filesystem::path& path, const driver_csv_options& options) {
  const std::string text = detail::read_file(path.string());
  return parse_driver_table_csv(text, options, path.string());
}

}  // namespace cxscore
