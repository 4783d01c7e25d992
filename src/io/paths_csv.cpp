#include "cxscore/paths_csv.hpp"

#include <cmath>
#include <map>
#include <vector>

#include "cxscore/detail/csv_header.hpp"
#include "cxscore/detail/csv_reader.hpp"
#include "cxscore/detail/csv_rows.hpp"
#include "cxscore/detail/text.hpp"

namespace cxscore {

channel_paths parse_paths_csv(std::string_view text, const std::string& source) {
  detail::csv_reader reader(text, source);
  const std::map<std::string, std::string> no_renames;
  const detail::csv_header header(reader, no_renames);
  const std::size_t c_path = header.required("path");
  const std::size_t c_conversions = header.required("total_conversions");
  const auto c_null = header.optional("total_null");

  struct row {
    std::vector<markov_step> steps;
    double conversions, nulls;
  };
  std::vector<row> rows;
  channel_paths out;
  std::vector<rejected_row> rejected;  // strict: for_each_row rethrows
  auto count = [&](std::size_t column, std::string_view cell) {
    double x = 0;
    if (!detail::parse_double(cell, x) || !std::isfinite(x) || x < 0)
      detail::bad_cell(reader, header, column, cell, "expected a finite count >= 0");
    return x;
  };
  detail::for_each_row(reader, header, false, rejected, [&](const std::vector<std::string_view>& f, std::size_t) {
    row r{{}, count(c_conversions, f[c_conversions]), c_null ? count(*c_null, f[*c_null]) : 0.0};
    std::string_view rest = f[c_path];
    if (detail::trim(rest).empty()) detail::bad_cell(reader, header, c_path, f[c_path], "the path is empty");
    while (true) {
      const std::size_t sep = rest.find('>');
      const std::string_view channel = detail::trim(rest.substr(0, sep));
      if (channel.empty())
        detail::bad_cell(reader, header, c_path, f[c_path], "a channel name between ' > ' is empty");
      r.steps.push_back({out.channels.encode(channel), true});
      if (sep == std::string_view::npos) break;
      rest.remove_prefix(sep + 1);
    }
    rows.push_back(std::move(r));
  });
  if (rows.empty()) detail::fail({source, 0, "path", ""}, "no paths in the file");
  out.counts = markov_counts(out.channels.size());
  for (const auto& r : rows) out.counts.add_path(r.steps, r.conversions, r.nulls);
  out.rows = rows.size();
  return out;
}

channel_paths read_paths_csv(const std::filesystem::path& path) {
  return parse_paths_csv(detail::read_file(path.string()), path.string());
}

}  // namespace cxscore
