#include "cxscore/report/monitor_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>

#include "cxscore/time.hpp"
#include "internal/csv_writer.hpp"
#include "internal/finite_output.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore {
namespace {

std::string change_text(const window_row& r) {
  if (std::isnan(r.change)) return "first window";
  return fmt::format("{} {} points ({})", r.index_change < 0 ? "down" : "up",
                     detail::fixed_text(std::abs(r.index_change), 1), r.flagged ? "flagged" : "not flagged");
}

// The q-value as a percentage, or "n/a" for a change that was not tested (no standard error).
std::string q_text(const window_row& r) {
  if (std::isnan(r.q_value)) return detail::undefined_text;
  return r.q_value < 0.001 ? std::string("<0.1%") : detail::percent_text(r.q_value, 1);
}

}  // namespace

std::string trend_csv(const monitor_result& trend, const std::string& key) {
  std::string out = key.empty() ? "" : key + ',';
  out +=
      "window,start,end,count,score,index,standard_error,mean_gap,unmet_share,change,change_se,index_change,p_value,q_"
      "value,"
      "flagged\n";
  for (const window_row& r : trend.rows) {
    if (!key.empty()) {
      detail::append_csv_field(out, trend.groups[r.group]);
      out += ',';
    }
    detail::append_csv_field(out, r.window.label);
    out += ',' + format_time(r.window.start) + ',' + format_time(r.window.end);
    detail::append_number_fields(out, r.summary.count, r.score, r.index, r.standard_error, r.summary.mean_gap(),
                                 r.summary.unmet_share(), r.change, r.change_se, r.index_change, r.p_value, r.q_value);
    out += r.flagged ? ",yes\n" : ",no\n";
  }
  return out;
}

std::string render_monitor_report(const monitor_result& brand, const monitor_result& touchpoints,
                                  std::size_t last_windows) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line(fmt::format("Monitoring by {} (UTC): a change is flagged when it moves the index by at least {} points and",
                   to_string(brand.per), detail::fixed_text(brand.min_effect, 1)));
  line(fmt::format("  its q-value is at most {} (Benjamini-Hochberg: at most {} of the flags expected to be noise)",
                   detail::percent_text(brand.fdr, 1), detail::percent_text(brand.fdr, 1)));
  if (brand.rows.empty()) {
    line("  no events");
    return out;
  }
  const window_row& latest = brand.rows.back();
  line(fmt::format("  brand: index {} in {} ({}), {}; {} from {} to {}", detail::fixed_text(latest.index, 1),
                   latest.window.label, detail::count_text(latest.summary.count, "encounter"), change_text(latest),
                   detail::count_text(brand.rows.size(), "window"), brand.rows.front().window.label,
                   latest.window.label));
  line(fmt::format("  {:<12} {:>10} {:>7} {:>8} {:>10} {:>10} {:>8}  {}", "window", "encounters", "index", "change",
                   "score", "se", "q", "flag"));
  for (std::size_t k = brand.rows.size() - std::min(last_windows, brand.rows.size()); k < brand.rows.size(); ++k) {
    const window_row& r = brand.rows[k];
    // A window of one encounter has no standard error (time_windows.hpp).
    line(fmt::format("  {:<12} {:>10} {:>7} {:>8} {:>10} {:>10} {:>8}  {}", r.window.label, r.summary.count,
                     detail::fixed_text(r.index, 1),
                     std::isnan(r.index_change) ? std::string() : detail::fixed_text(r.index_change, 1, true),
                     detail::fixed_text(r.score, 4),
                     r.summary.count > 1 ? detail::fixed_text(r.standard_error, 4) : detail::undefined_text, q_text(r),
                     r.flagged ? "flagged" : ""));
  }
  std::vector<const window_row*> flagged;
  for (const window_row& r : touchpoints.rows)
    if (r.flagged) flagged.push_back(&r);
  std::size_t tested = 0;
  for (const window_row& r : touchpoints.rows) tested += std::isnan(r.p_value) ? 0 : 1;
  line(fmt::format("  Touchpoint changes flagged: {} of {} tested", flagged.size(), tested));
  std::size_t name_width = std::string_view("touchpoint").size();
  for (const window_row* r : flagged) name_width = std::max(name_width, touchpoints.groups[r->group].size());
  if (!flagged.empty())
    line(
        fmt::format("    {:<{}} {:<12} {:>7} {:>8} {:>8}", "touchpoint", name_width, "window", "index", "change", "q"));
  for (const window_row* r : flagged)
    line(fmt::format("    {:<{}} {:<12} {:>7} {:>8} {:>8}", touchpoints.groups[r->group], name_width, r->window.label,
                     detail::fixed_text(r->index, 1), detail::fixed_text(r->index_change, 1, true), q_text(*r)));
  return out;
}

void write_monitor_outputs(const std::filesystem::path& dir, const monitor_result& brand,
                           const monitor_result& touchpoints, const std::vector<rejected_row>* rejected) {
  detail::staged_directory out(dir, "monitor");
  out.write("brand_trend.csv", trend_csv(brand, ""));
  out.write("touchpoint_trend.csv", trend_csv(touchpoints, "touchpoint"));
  out.write("monitor_report.txt", render_monitor_report(brand, touchpoints, static_cast<std::size_t>(-1)));
  if (rejected) out.write("rejected.csv", rejected_csv(*rejected));
  out.commit();
}

}  // namespace cxscore
