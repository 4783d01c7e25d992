#include "cxscore/io/paths_csv.hpp"

#include <map>

#include "cxscore/error.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"

namespace cxscore {

void channel_paths_builder::add_row(std::string_view path, path_count conversions, std::optional<path_count> nulls,
                                    std::size_t row) {
  auto bad_path = [&](const char* reason) { detail::fail({m_source, row, "path", std::string(path)}, reason); };
  if (detail::trim(path).empty()) bad_path("the path is empty");
  m_steps.assign(1, 0);  // the start state
  for (std::size_t start = 0, end = 0; end != std::string_view::npos; start = end + 1) {
    end = path.find('>', start);
    const std::string_view name = detail::trim(path.substr(start, end - start));
    if (name.empty()) bad_path("a channel name between ' > ' is empty");
    m_steps.push_back(m_channels.encode(name) + 1);
  }
  const double converted = count(conversions, "total_conversions", row);
  const double not_converted = nulls ? count(*nulls, "total_null", row) : 0.0;
  ++m_rows;
  m_conversions.resize(m_channels.size() + 1, 0.0);
  m_nulls.resize(m_channels.size() + 1, 0.0);
  // Rows without journeys still code their channels: a channel's code does not depend on the counts.
  if (converted + not_converted == 0) return;
  for (std::size_t k = 1; k < m_steps.size(); ++k)
    m_transitions[std::uint64_t{m_steps[k - 1]} << 32 | m_steps[k]] += converted + not_converted;
  m_conversions[m_steps.back()] += converted;
  m_nulls[m_steps.back()] += not_converted;
}

double channel_paths_builder::count(path_count cell, const char* column, std::size_t row) const {
  const auto* text = std::get_if<std::string_view>(&cell);
  double x = text ? 0.0 : std::get<double>(cell);
  const bool number = !text || detail::parse_double(*text, x);
  if (!number || !(x >= 0 && x <= max_path_count))
    detail::fail({m_source, row, column, text ? std::string(*text) : detail::number_text(x)},
                 "expected a count from 0 to 1e15 (max_path_count)");
  return x;
}

channel_paths channel_paths_builder::finish() const {
  if (m_rows == 0) detail::fail({m_source, 0, "path", ""}, "no paths in the file");
  channel_paths out{m_channels, markov_counts(m_channels.size()), m_rows};
  auto state = [](std::uint64_t s) {
    return s == 0 ? markov_counts::start_state() : markov_counts::state({static_cast<std::uint32_t>(s - 1)});
  };
  for (const auto& [key, n] : m_transitions) out.counts.add_transition(state(key >> 32), state(key & 0xFFFFFFFF), n);
  for (std::size_t s = 0; s < m_conversions.size(); ++s) out.counts.add_exits(state(s), m_conversions[s], m_nulls[s]);
  // With no journey there is no conversion probability to attribute (the chain would report 0).
  if (out.counts.journeys() == 0)
    detail::fail({m_source, 0, "total_conversions", "0"}, "every path's counts are 0: no journeys");
  return out;
}

channel_paths parse_paths_csv(std::string_view text, const std::string& source) {
  // Blanks kept, so that an error shows a cell as the file holds it; the builder trims what it reads.
  detail::csv_reader reader(text, source, true);
  const std::map<std::string, std::string> no_renames;
  const detail::csv_header header(reader, no_renames);
  const std::size_t c_path = header.required("path");
  const std::size_t c_conversions = header.required("total_conversions");
  const std::optional<std::size_t> c_null = header.optional("total_null");
  channel_paths_builder rows(source);
  std::vector<rejected_row> rejected;  // strict: for_each_row rethrows
  detail::for_each_row(reader, header, false, rejected, [&](const std::vector<std::string_view>& f, std::size_t row) {
    rows.add_row(f[c_path], f[c_conversions], c_null ? std::optional<path_count>(f[*c_null]) : std::nullopt, row);
  });
  return rows.finish();
}

channel_paths read_paths_csv(const std::filesystem::path& path) {
  return parse_paths_csv(detail::read_file(path.string()), path.string());
}

}  // namespace cxscore
