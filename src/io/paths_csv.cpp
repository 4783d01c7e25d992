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

  // Steps of all rows in one array (row k's are steps[begin[k]] ... steps[begin[k + 1] - 1]).
  std::vector<markov_step> steps;
  std::vector<std::size_t> begin{0};
  std::vector<double> conversions, nulls;
  channel_paths out;
  std::vector<rejected_row> rejected;  // strict: for_each_row rethrows
  auto count = [&](std::size_t column, std::string_view cell) {
    double x = 0;
    if (!detail::parse_double(cell, x) || !std::isfinite(x) || x < 0)
      detail::bad_cell(reader, header, column, cell, "expected a finite count >= 0");
    return x;
  };
  detail::for_each_row(reader, header, false, rejected, [&](const std::vector<std::string_view>& f, std::size_t) {
    conversions.push_back(count(c_conversions, f[c_conversions]));
    nulls.push_back(c_null ? count(*c_null, f[*c_null]) : 0.0);
    std::string_view rest = f[c_path];
    if (detail::trim(rest).empty()) detail::bad_cell(reader, header, c_path, f[c_path], "the path is empty");
    while (true) {
      const std::size_t sep = rest.find('>');
      const std::string_view channel = detail::trim(rest.substr(0, sep));
      if (channel.empty())
        detail::bad_cell(reader, header, c_path, f[c_path], "a channel name between ' > ' is empty");
      steps.push_back({out.channels.encode(channel), true});
      if (sep == std::string_view::npos) break;
      rest.remove_prefix(sep + 1);
    }
    begin.push_back(steps.size());
  });
  out.rows = conversions.size();
  if (out.rows == 0) detail::fail({source, 0, "path", ""}, "no paths in the file");
  out.counts = markov_counts(out.channels.size());
  for (std::size_t k = 0; k < out.rows; ++k)
    out.counts.add_path(std::span<const markov_step>(steps).subspan(begin[k], begin[k + 1] - begin[k]), conversions[k],
                        nulls[k]);
  return out;
}

channel_paths read_paths_csv(const std::filesystem::path& path) {
  return parse_paths_csv(detail::read_file(path.string()), path.string());
}

}  // namespace cxscore
