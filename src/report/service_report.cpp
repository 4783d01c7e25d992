#include "cxscore/report/service_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

#include "cxscore/report/monitor_report.hpp"
#include "internal/csv_writer.hpp"
#include "internal/finite_output.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore {
namespace {

std::string window_text(double days) {
  return std::isinf(days) ? std::string("any time later") : fmt::format("within {:g} days", days);
}

// Why a row's caused contacts are what they are, when that is not "more than noise".
std::string row_note(const service_demand& d) {
  if (d.counts.unmet_visits == 0) return "  (never unmet)";
  if (d.counts.met_visits == 0) return "  (never met)";
  if (d.significant()) return "";
  return d.ci_high < 0 ? "  (fewer)" : "  (noise)";
}

/// (experience touchpoints, service touchpoints) of the map.
std::pair<std::size_t, std::size_t> touchpoints_by_role(const journey_map& map) {
  std::size_t experience = 0, service = 0;
  for (std::size_t t = 0; t < map.size(); ++t)
    ++(map[static_cast<touchpoint_code>(t)].role == role::service ? service : experience);
  return {experience, service};
}

}  // namespace

std::string service_csv(const service_attribution& a, const journey_map& map) {
  std::string out = "touchpoint,unmet_visits,rate_unmet,rate_met,excess,caused_contacts,ci_low,ci_high\n";
  for (const service_demand& d : a.ranked()) {
    detail::append_csv_field(out, map[d.touchpoint].name);
    detail::append_number_fields(out, d.counts.unmet_visits, d.rate_unmet, d.rate_met, d.excess, d.caused_contacts,
                                 d.ci_low, d.ci_high);
    out += '\n';
  }
  return out;
}

std::string owners_csv(const std::vector<owner_scorecard>& cards, const journey_map& map) {
  std::string out =
      "owner,touchpoints,encounters,index,unmet_share,impact,impact_points,loss_share,caused_contacts,"
      "caused_per_month,"
      "handled_contacts,handled_per_month,verdict\n";
  for (const owner_scorecard& c : cards) {
    detail::append_csv_field(out, c.owner);
    detail::append_number_fields(out, std::uint64_t{c.touchpoints.size()}, c.summary.count, c.index,
                                 c.summary.unmet_share(), c.impact, c.impact_points, c.loss_share, c.caused_contacts,
                                 c.caused_per_month, c.handled_contacts, c.handled_per_month);
    out += ',';
    detail::append_csv_field(out, owner_verdict(c, map));
    out += '\n';
  }
  return out;
}

std::string nothing_to_attribute(const service_attribution& a, const journey_map& map) {
  const auto [experience_touchpoints, service_touchpoints] = touchpoints_by_role(map);
  if (service_touchpoints == 0)
    return "the map has no service touchpoint (role \"service\"), so there are no contacts to explain";
  if (experience_touchpoints == 0)
    return "every touchpoint of the map is a service one: no experience visit comes before a contact to explain it";
  if (a.ranked().empty()) return "no experience touchpoint was visited";
  if (a.service_contacts == 0) return "no service contact happened";
  return "";
}

std::string render_service_report(const service_attribution& a, const journey_map& map, std::size_t top) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line(
      fmt::format("Service demand: what poor experience costs in service (contacts {} after a visit; {:.0f}% "
                  "intervals)",
                  window_text(a.window_days), 100 * std::erf(a.z / std::sqrt(2.0))));
  const explained_share& b = a.brand;
  const auto rows = a.ranked();
  const auto [experience_touchpoints, service_touchpoints] = touchpoints_by_role(map);
  const std::string contacts =
      fmt::format("  {} over {} months", detail::count_text(a.service_contacts, "service contact"),
                  detail::fixed_text(a.months(), 1));
  const std::string nothing = nothing_to_attribute(a, map);
  if (!nothing.empty()) {
    line(contacts + "; nothing to attribute: " + nothing);
    if (service_touchpoints == 0 || experience_touchpoints == 0)
      line("  (the map's roles say which touchpoints are service contacts; see docs/formats.md, the journey map)");
  } else if (std::isnan(b.share_ci_low())) {
    line(fmt::format("{}; {} of them explained by upstream unmet expectations, interval unknown: {}", contacts,
                     detail::percent_text(std::max(b.share(), 0.0), 1), b.interval_note()));
  } else {
    line(fmt::format("{}; {} of them [{}, {}] explained by upstream unmet expectations", contacts,
                     detail::percent_text(b.share(), 1), detail::percent_text(b.share_ci_low(), 1),
                     detail::percent_text(b.share_ci_high(), 1)));
  }
  if (nothing.empty())
    line(fmt::format("  (~{} contacts, each counted once: a joint model of all the visits before each contact{})",
                     approximate_count(std::max(b.explained_contacts, 0.0)),
                     b.converged ? "" : "; the fit did not converge"));
  std::size_t name_width = std::string_view("touchpoint").size(), owner_width = std::string_view("owner").size();
  for (std::size_t t = 0; t < map.size(); ++t) {
    name_width = std::max(name_width, map[static_cast<touchpoint_code>(t)].name.size());
    owner_width = std::max(owner_width, map[static_cast<touchpoint_code>(t)].owner.size());
  }
  if (!rows.empty() && top > 0) {
    line(fmt::format("  {:>2}  {:<{}} {:<{}} {:>8} {:>8} {:>8} {:>8} {:>9} {:>21}", "#", "touchpoint", name_width,
                     "owner", owner_width, "unmet", "rate if", "rate if", "excess", "caused", "interval"));
    line(fmt::format("  {:>2}  {:<{}} {:<{}} {:>8} {:>8} {:>8} {:>8} {:>9} {:>21}", "", "", name_width, "", owner_width,
                     "visits", "unmet", "met", "", "contacts", ""));
  }
  for (std::size_t k = 0; k < std::min(top, rows.size()); ++k) {
    const service_demand& d = rows[k];
    const touchpoint& tp = map[d.touchpoint];
    // A rate among no visits is undefined, and so is every difference that uses it.
    const bool has_unmet = d.counts.unmet_visits > 0, has_met = d.counts.met_visits > 0;
    auto defined = [](bool known, double x, int decimals, bool sign = false) {
      return known ? detail::fixed_text(x, decimals, sign) : std::string(detail::undefined_text);
    };
    line(fmt::format(
        "  {:>2}  {:<{}} {:<{}} {:>8} {:>8} {:>8} {:>8} {:>9} {:>21}{}", k + 1, tp.name, name_width, tp.owner,
        owner_width, d.counts.unmet_visits, defined(has_unmet, d.rate_unmet, 3), defined(has_met, d.rate_met, 3),
        defined(has_unmet && has_met, d.excess, 3, true), defined(has_unmet && has_met, d.caused_contacts, 1),
        has_unmet && has_met ? "[" + detail::fixed_text(d.ci_low, 1) + ", " + detail::fixed_text(d.ci_high, 1) + "]"
                             : std::string(detail::undefined_text),
        row_note(d)));
  }
  if (!rows.empty() && top > 0)
    line(
        "  (noise: the interval holds 0; fewer: fewer contacts after unmet visits than after met ones; "
        "n/a: a rate over no visits)");
  line("  Contacts by service touchpoint:");
  for (std::size_t t = 0; t < map.size(); ++t)
    if (map[static_cast<touchpoint_code>(t)].role == role::service)
      line(fmt::format("    {:<{}} {:>9} ({} a month)", map[static_cast<touchpoint_code>(t)].name, name_width,
                       a.contacts_by_service[t],
                       approximate_count(a.per_month(static_cast<double>(a.contacts_by_service[t])))));
  return out;
}

std::string render_owner_report(const std::vector<owner_scorecard>& cards, const journey_map& map) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + '\n'; };
  line("Owner scorecards: what each department's touchpoints cost the brand");
  std::size_t owner_width = std::string_view("owner").size();
  for (const owner_scorecard& c : cards) owner_width = std::max(owner_width, c.owner.size());
  line(fmt::format("  {:<{}} {:>7} {:>10} {:>8} {:>14} {:>14} {:>10} {:>8}", "owner", owner_width, "index", "unmet",
                   "share of", "caused/month", "handled/month", "trend", "window"));
  line(fmt::format("  {:<{}} {:>7} {:>10} {:>8} {:>14} {:>14} {:>10} {:>8}", "", owner_width, "", "(of enc.)",
                   "the loss", "", "", "(points)", ""));
  for (const owner_scorecard& c : cards) {
    const std::string trend = c.latest && !std::isnan(c.latest->index_change)
                                  ? detail::fixed_text(c.latest->index_change, 1, true) + (c.latest->flagged ? "!" : "")
                                  : "";
    // An owner without (weighted) encounters has no index and no unmet share.
    const bool encountered = c.summary.weight > 0;
    line(fmt::format("  {:<{}} {:>7} {:>10} {:>8} {:>14} {:>14} {:>10} {:>8}", c.owner, owner_width,
                     encountered ? detail::fixed_text(c.index, 1) : detail::undefined_text,
                     encountered ? detail::percent_text(c.summary.unmet_share(), 1) : detail::undefined_text,
                     detail::percent_text(c.loss_share, 1), approximate_count(c.caused_per_month),
                     approximate_count(c.handled_per_month), trend, c.latest ? c.latest->window.label : ""));
  }
  line("  (trend: index change in points from the previous window; ! = flagged: beyond noise and large enough)");
  for (const owner_scorecard& c : cards) line("  - " + owner_verdict(c, map));
  return out;
}

void write_service_outputs(const std::filesystem::path& dir, const service_attribution& a, const journey_map& map,
                           const std::vector<rejected_row>* rejected) {
  detail::staged_directory out(dir, "service");
  out.write("service.csv", service_csv(a, map));
  out.write("service_report.txt", render_service_report(a, map, map.size()));
  if (rejected) out.write("rejected.csv", rejected_csv(*rejected));
  out.commit();
}

void write_owner_outputs(const std::filesystem::path& dir, const std::vector<owner_scorecard>& cards,
                         const monitor_result& trend, const journey_map& map,
                         const std::vector<rejected_row>* rejected) {
  detail::staged_directory out(dir, "owners");
  out.write("owners.csv", owners_csv(cards, map));
  out.write("owner_trend.csv", trend_csv(trend, "owner"));
  out.write("owners_report.txt", render_owner_report(cards, map));
  if (rejected) out.write("rejected.csv", rejected_csv(*rejected));
  out.commit();
}

}  // namespace cxscore
