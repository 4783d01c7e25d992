#include "cxscore/report/monitor_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cxscore/time.hpp"
#include "internal/csv_writer.hpp"
#include "internal/finite_output.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore {
namespace {

std::string change_text(const window_row& r) {
  if (std::isnan(r.change)) return "first window";
  return fmt::format("{} {} ({})", r.index_change < 0 ? "down" : "up", detail::fixed_text(std::abs(r.index_change), 1),
                     r.flagged ? "beyond noise" : "within noise");
}

}  // namespace

std::string trend_csv(const monitor_result& trend, const std::string& key) {
  std::string out = key.empty() ? "" : key + ',';
  out +=
      "window,start,end,count,score,index,standard_error,mean_gap,unmet_share,change,change_se,index_change,flagged\n";
  for (const window_row& r : trend.rows) {
    if (!key.empty()) {
      detail::append_csv_field(out, trend.groups[r.group]);
      out += ',';
    }
    detail::append_csv_field(out, r.window.label);
    out += ',' + format_time(r.window.start) + ',' + format_time(r.window.end);
    detail::append_number_fields(out, r.summary.count, r.score, r.index, r.standard_error, r.summary.mean_gap(),
                                 r.summary.unmet_share(), r.change, r.change_se, r.index_change);
    out += r.flagged ? ",yes\n" : ",no\n";
  }
  return out;
}

std::string render_monitor_report(const monitor_result& brand, const monitor_result& touchpoints,
                                  std::size_t last_windows) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line(fmt::format("Monitoring by {} (UTC): a change is flagged when it exceeds {:g} standard errors",
                   to_string(brand.per), brand.z));
  if (brand.rows.empty()) {
    line("  no events");
    return out;
  }
  const window_row& latest = brand.rows.back();
  line(fmt::format("  brand: index {} in {} ({} encounters), {}; {} windows from {} to {}",
                   detail::fixed_text(latest.index, 1), latest.window.label, latest.summary.count, change_text(latest),
                   brand.rows.size(), brand.rows.front().window.label, latest.window.label));
  line(fmt::format("  {:<12} {:>9} {:>7} {:>8} {:>10} {:>10}  {}", "window", "count", "index", "change", "score", "se",
                   "flag"));
  for (std::size_t k = brand.rows.size() - std::min(last_windows, brand.rows.size()); k < brand.rows.size(); ++k) {
    const window_row& r = brand.rows[k];
    // A window of one encounter has no standard error (time_windows.hpp).
    line(fmt::format("  {:<12} {:>9} {:>7} {:>8} {:>10} {:>10}  {}", r.window.label, r.summary.count,
                     detail::fixed_text(r.index, 1),
                     std::isnan(r.index_change) ? std::string() : detail::fixed_text(r.index_change, 1, true),
                     detail::fixed_text(r.score, 4),
                     r.summary.count > 1 ? detail::fixed_text(r.standard_error, 4) : detail::undefined_text,
                     r.flagged ? "beyond noise" : ""));
  }
  std::vector<const window_row*> flagged;
  for (const window_row& r : touchpoints.rows)
    if (r.flagged) flagged.push_back(&r);
  line(fmt::format("  Touchpoint changes beyond noise: {}", flagged.size()));
  for (const window_row* r : flagged)
    line(fmt::format("    {:<20} {:<12} index {:>5}, {} (score change {}, se {})", touchpoints.groups[r->group],
                     r->window.label, detail::fixed_text(r->index, 1), detail::fixed_text(r->index_change, 1, true),
                     detail::fixed_text(r->change, 4, true), detail::fixed_text(r->change_se, 4)));
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
