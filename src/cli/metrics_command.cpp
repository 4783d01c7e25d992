#include "metrics_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "cxscore/dictionary.hpp"
#include "cxscore/drivers/cx_metrics.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"
#include "internal/csv_writer.hpp"
#include "internal/finite_output.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore::cli {
namespace {

// One metric's answered ratings and their groups (an empty cell = not answered).
struct metric_column {
  metric_kind kind;
  std::size_t column;
  std::vector<double> ratings;
  std::vector<std::uint32_t> group;
};

void append_estimate(std::string& out, const std::string& group, const metric_estimate& e) {
  detail::append_csv_field(out, group);
  out += ',';
  out += to_string(e.kind);
  out += ',';
  detail::append_number(out, std::uint64_t{e.n});
  for (double x : {e.value, e.se, e.lower, e.upper}) {
    out += ',';
    detail::append_number(out, x);
  }
  out += '\n';
}

// One overall figure in its unit: NPS in points (-100..100), CSAT and low-effort CES in percent, CES as
// the mean rating on 1-7, each with its interval and the respondents it rests on.
std::string headline(const metric_estimate& e, double confidence) {
  const bool percent = e.kind == metric_kind::csat || e.kind == metric_kind::ces_low_effort;
  const int decimals = e.kind == metric_kind::ces ? 2 : 1;
  auto number = [&](double x, bool sign = false) {
    return detail::fixed_text(x, decimals, sign) + (percent ? "%" : "");
  };
  const char* what = e.kind == metric_kind::nps    ? "NPS (points, -100 to 100)"
                     : e.kind == metric_kind::csat ? "CSAT (share rating 4 or 5)"
                     : e.kind == metric_kind::ces  ? "CES (mean rating, 1 to 7)"
                                                   : "CES low effort (share rating 5 to 7)";
  return fmt::format("  {:<38} {:>8}  [{}, {}] ({:g}% interval, {})", what, number(e.value, e.kind == metric_kind::nps),
                     number(e.lower, e.kind == metric_kind::nps), number(e.upper, e.kind == metric_kind::nps),
                     100 * confidence, detail::count_text(e.n, "respondent"));
}

}  // namespace

int run_metrics(const metrics_args& a) {
  if (a.nps.empty() && a.csat.empty() && a.ces.empty())
    detail::fail({"<metrics>", 0, "", ""}, "name at least one of --nps, --csat, --ces");
  const std::string text = detail::read_file(a.table);
  detail::csv_reader reader(text, a.table);
  const std::map<std::string, std::string> no_renames;
  const detail::csv_header header(reader, no_renames);
  std::vector<metric_column> metrics;
  if (!a.nps.empty()) metrics.push_back({metric_kind::nps, header.required(a.nps), {}, {}});
  if (!a.csat.empty()) metrics.push_back({metric_kind::csat, header.required(a.csat), {}, {}});
  if (!a.ces.empty()) {
    metrics.push_back({metric_kind::ces, header.required(a.ces), {}, {}});
    metrics.push_back({metric_kind::ces_low_effort, metrics.back().column, {}, {}});
  }
  // A plain index and a flag rather than an optional: GCC's -Wmaybe-uninitialized misreads the optional's
  // value inside the lambda once the trims around it are inlined.
  const bool grouped = !a.by.empty();
  const std::size_t c_by = grouped ? header.required(a.by) : 0;
  dictionary groups;
  std::vector<rejected_row> unused;
  detail::for_each_row(reader, header, false, unused, [&](const std::vector<std::string_view>& f, std::size_t row) {
    // metrics.csv's overall rows are the group "all": a group of that name could be told from them only by order.
    if (grouped && detail::trim(f[c_by]).empty()) detail::bad_cell(reader, header, c_by, f[c_by], "group is empty");
    if (grouped && f[c_by] == "all")
      detail::bad_cell(reader, header, c_by, f[c_by],
                       "a group cannot be called 'all' (the overall rows in metrics.csv)");
    const std::uint32_t g = grouped ? groups.encode(f[c_by]) : 0;
    for (auto& m : metrics) {
      const std::string_view cell = f[m.column];
      if (detail::trim(cell).empty()) continue;
      double r = 0;
      if (!detail::parse_double(cell, r))
        detail::bad_cell(reader, header, m.column, cell, detail::number_problem(cell));
      check_rating(m.kind, r, {a.table, row, header.names()[m.column], std::string(cell)});
      m.ratings.push_back(r);
      m.group.push_back(g);
    }
  });
  std::string out = "group,metric,n,value,se,lower,upper\n";
  std::string headlines;
  for (const auto& m : metrics) {
    if (m.ratings.empty()) detail::fail({a.table, 0, header.names()[m.column], ""}, "no ratings in this column");
    const metric_estimate overall = estimate(m.kind, m.ratings, a.confidence, a.table);
    append_estimate(out, "all", overall);
    headlines += headline(overall, a.confidence) + '\n';
    if (!grouped) continue;
    const auto by_group = estimate_by_group(m.kind, m.ratings, m.group, groups.size(), a.confidence, a.table);
    for (std::size_t g = 0; g < by_group.size(); ++g)
      if (by_group[g].n > 0) append_estimate(out, groups[static_cast<std::uint32_t>(g)], by_group[g]);
  }
  detail::staged_directory dir(a.out, "metrics");
  dir.write("metrics.csv", out);
  dir.commit();
  std::cout << "Overall\n" << headlines;
  if (grouped) std::cout << fmt::format("  (by {}: in metrics.csv)\n", a.by);
  std::cout << fmt::format("wrote {}/metrics.csv\n", a.out);
  return 0;
}

}  // namespace cxscore::cli
