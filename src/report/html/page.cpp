// The page: the sections in reading order, each a heading, a one-line reading in plain words and its chart
// or table; then written beside its destination and renamed into place.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <system_error>

#include <unistd.h>

#include "cxscore/group_tables.hpp"
#include "cxscore/report/html_report.hpp"
#include "cxscore/time.hpp"
#include "cxscore/value_function.hpp"
#include "report/html/palettes.hpp"
#include "report/html/svg.hpp"

namespace cxscore {
namespace {

using detail::html::data_number;
using detail::html::escaped;
using detail::html::shown;

// No web font and no URL: the page must look the same offline and in a mail client.
constexpr const char* style = R"css(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
main{max-width:1040px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:1.6rem;margin:16px 0 4px}h2{font-size:1.2rem;margin:0 0 4px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:14px 18px;margin:16px 0}
p.reading{margin:2px 0 10px;font-size:1.02rem}p.note{color:#555;font-size:.85rem;margin:4px 0}
.figures{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 0;padding:0}
.figures div{border:1px solid #e2e2e2;border-radius:4px;padding:6px 12px;min-width:120px}
.figures dt{font-size:.8rem;color:#555}.figures dd{margin:0;font-size:1.35rem;font-weight:600}
table{border-collapse:collapse;font-size:.88rem;width:100%}th,td{padding:3px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow:auto;border:1px solid #eee}
svg text{font-size:12px;fill:#1a1a1a}svg text.small{font-size:11px;fill:#444}svg text.value{font-size:11px}
svg .axis{stroke:#888}svg .grid{stroke:#eee}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
)css";

std::string date_of(double t) { return std::isfinite(t) ? format_time(t).substr(0, 10) : std::string("n/a"); }

std::string section_open(const char* id, const char* heading, const std::string& reading) {
  return std::string("<section id=\"") + id + "\" data-section=\"" + id + "\"><h2>" + heading +
         "</h2><p class=\"reading\">" + escaped(reading) + "</p>";
}

std::string figure(const char* key, const char* label, const std::string& value_text, const std::string& value) {
  return std::string("<div><dt>") + label + "</dt><dd data-figure=\"" + key + "\" data-value=\"" + escaped(value) +
         "\">" + escaped(value_text) + "</dd></div>";
}

std::string headline_section(const html_report_inputs& in) {
  const score_result& r = *in.result;
  const loss_split loss = split_loss_by_role(r, *in.map);
  const double index = r.brand_index();
  std::string reading = "The brand index is " + shown(index, 1) + " of 100 (50 = exactly as expected): the average " +
                        (index < 50 ? "customer was let down" : "customer got at least what they expected");
  if (loss.total < 0)
    reading += "; experience touchpoints cause " + shown(100 * loss.experience, 0) + "% of the loss, service " +
               shown(100 * loss.service, 0) + "%.";
  else
    reading += "; no touchpoint fell short on average.";
  std::string out = section_open("headline", "Headline", reading) + "<dl class=\"figures\">";
  out += figure("brand_index", "Brand index (0-100)", shown(index, 1), data_number(index));
  out += figure("customers", "Customers", std::to_string(r.brand.customers), std::to_string(r.brand.customers));
  out += figure("encounters", "Encounters", std::to_string(r.brand.events), std::to_string(r.brand.events));
  out += figure("loss_points", "Loss (index points)", shown(loss_points(loss.total, r.lambda), 2),
                data_number(loss_points(loss.total, r.lambda)));
  out += figure("experience_loss_share", "Loss at experience touchpoints", shown(100 * loss.experience, 1) + "%",
                data_number(loss.experience));
  out += figure("service_loss_share", "Loss at service touchpoints", shown(100 * loss.service, 1) + "%",
                data_number(loss.service));
  if (in.service && std::isfinite(in.service->first_time))
    out += figure("period", "Period covered", date_of(in.service->first_time) + " to " + date_of(in.service->last_time),
                  date_of(in.service->first_time) + "/" + date_of(in.service->last_time));
  return out + "</dl></section>";
}

std::string fix_first_section(const html_report_inputs& in) {
  const score_result& r = *in.result;
  const auto ranked = touchpoints_by_impact(r);
  std::string reading = "No touchpoint was scored.";
  if (!ranked.empty()) {
    const touchpoint& tp = (*in.map)[ranked.front()];
    reading = tp.name + " costs the average customer " + shown(-r.impact_points(r.touchpoints[ranked.front()]), 2) +
              " index points; owner: " + tp.owner + ".";
  }
  std::string out = section_open("fix-first", "What to fix first", reading);
  out += impact_bar_chart_svg(r, *in.map);
  if (ranked.size() > 30)
    out += "<p class=\"note\">" + std::to_string(ranked.size() - 30) +
           " touchpoints with smaller losses are in touchpoints.csv.</p>";
  return out + "</section>";
}

std::string gap_legend() {
  using namespace detail::html;
  std::string out = svg_open(560, 34, "Colour scale of the mean gap, from unmet (red) to met (blue)", "legend");
  for (int k = 0; k <= 10; ++k) {
    const double x = -1.0 + 0.2 * k;
    out += "<rect x=\"" + px(10 + 18.0 * k) + "\" y=\"2\" width=\"18\" height=\"12\" fill=\"" + diverging_colour(x) +
           "\"/>";
  }
  out += text_element(10, 28, "gap -0.5 or worse", "start", "small");
  out += text_element(208, 28, "+0.5 or better", "end", "small");
  out += "<rect x=\"230\" y=\"2\" width=\"18\" height=\"12\" fill=\"#dddddd\"/>" +
         text_element(254, 12, "not measured", "start", "small");
  out += "<rect x=\"350\" y=\"2\" width=\"18\" height=\"12\" fill=\"#ffffff\" stroke=\"" + std::string(flag_colour) +
         "\" stroke-width=\"3\"/>" + text_element(374, 12, "in a loop", "start", "small");
  return out + "</svg>";
}

std::string journey_section(const html_report_inputs& in) {
  const directly_follows& dfg = *in.journeys;
  const auto& g = dfg.graph;
  std::size_t visited = 0;
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v) visited += g[v].visits > 0;
  std::string reading = std::to_string(dfg.customers) + " journeys through " + std::to_string(visited) + " touchpoints";
  const std::vector<journey_loop> none;
  const std::vector<journey_loop>& loops = in.loops ? *in.loops : none;
  if (!loops.empty()) {
    std::string names;
    for (std::size_t k = 0; k < loops.front().touchpoints.size() && k < 4; ++k)
      names += (k ? ", " : "") + g[loops.front().touchpoints[k]].name;
    if (loops.front().touchpoints.size() > 4) names += ", ...";
    reading += "; customers go round in circles most at " + names + " (" + std::to_string(loops.front().traffic) +
               " transitions).";
  } else {
    reading += "; no loops.";
  }
  std::string out = section_open("journey-map", "The journey map", reading);
  std::string note = "Every transition is shown.";
  std::string hidden_edges = "0";
  if (in.unfiltered && in.min_edge_count > 1) {
    const auto& all = in.unfiltered->graph;
    std::size_t hidden = 0;
    std::uint64_t hidden_traffic = 0;
    auto hide = [&](std::uint64_t count) {
      if (count > 0 && count < in.min_edge_count) ++hidden, hidden_traffic += count;
    };
    for (auto [it, end] = boost::edges(all); it != end; ++it) hide(all[*it].count);
    for (std::size_t v = 0; v < boost::num_vertices(all); ++v) hide(all[v].starts), hide(all[v].ends);
    hidden_edges = std::to_string(hidden);
    note = hidden_edges + " rare transitions (each seen fewer than " + std::to_string(in.min_edge_count) + " times, " +
           std::to_string(hidden_traffic) + " in all) are left out for legibility.";
  }
  out += "<p class=\"note\" data-min-edge-count=\"" + std::to_string(in.min_edge_count) + "\" data-hidden-edges=\"" +
         hidden_edges + "\">" + escaped(note) + "</p>";
  out += gap_legend();
  out += "<div class=\"scroll\">" + journey_map_svg(dfg, in.map, loops) + "</div>";
  return out + "</section>";
}

std::string owners_section(const html_report_inputs& in) {
  const auto& cards = *in.owners;
  const double lambda = in.result->lambda;
  const std::string reading = cards.empty() ? "No owners." : owner_verdict(cards.front(), *in.map) + ".";
  std::string out = section_open("owners", "Owners' scorecards", reading);
  out +=
      "<table><thead><tr><th>owner</th><th class=\"num\">index</th><th class=\"num\">loss (index points)</th>"
      "<th class=\"num\">share of loss</th><th class=\"num\">service contacts caused / month</th>"
      "<th>verdict</th></tr></thead><tbody>";
  const auto owners = in.map->group_by([](const touchpoint& t) -> const std::string& { return t.owner; });
  for (const auto& c : cards) {
    const auto colour = std::find(owners.names.begin(), owners.names.end(), c.owner) - owners.names.begin();
    out += "<tr class=\"owner\" data-owner=\"" + escaped(c.owner) + "\" data-index=\"" + data_number(c.index) +
           "\" data-impact=\"" + data_number(c.impact) + "\" data-loss-share=\"" + data_number(c.loss_share) +
           "\" data-caused-per-month=\"" + data_number(c.caused_per_month) +
           "\"><td><span class=\"swatch\" style=\"background:" +
           detail::html::categorical_colour(static_cast<std::size_t>(colour)) + "\"></span>" + escaped(c.owner) +
           "</td><td class=\"num\">" + shown(c.index, 1) + "</td><td class=\"num\">" +
           shown(loss_points(c.impact, lambda), 2) + "</td><td class=\"num\">" + shown(100 * c.loss_share, 1) +
           "%</td><td class=\"num\">" + shown(c.caused_per_month, 0) + "</td><td>" +
           escaped(owner_verdict(c, *in.map)) + "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string trend_section(const html_report_inputs& in) {
  const monitor_result& t = *in.trend;
  const auto rows = t.series(0);
  const auto flagged = std::count_if(rows.begin(), rows.end(), [](const window_row& r) { return r.flagged; });
  std::string reading = "No windows.";
  if (!rows.empty()) {
    reading = "Latest " + std::string(to_string(t.per)) + " " + rows.back().window.label + ": index " +
              shown(rows.back().index, 1) + "; " + std::to_string(flagged) + " of " + std::to_string(rows.size()) +
              " " + to_string(t.per) + "s changed beyond noise by at least " + shown(t.min_effect, 1) +
              " index points (false-discovery rate " + shown(100 * t.fdr, 0) + "%).";
  }
  return section_open("trend", "The brand trend", reading) + trend_chart_svg(t) + "</section>";
}

std::string what_if_section(const html_report_inputs& in) {
  const markov_result& m = *in.markov;
  std::vector<touchpoint_effect> effects = m.effects;
  const dictionary& names = *in.markov_names;
  // markov.csv's order: a defined fix first, most customers won, then removal effect, then name.
  std::sort(effects.begin(), effects.end(), [&](const touchpoint_effect& a, const touchpoint_effect& b) {
    if (a.fix_defined != b.fix_defined) return a.fix_defined;
    if (a.fix_customers != b.fix_customers) return a.fix_customers > b.fix_customers;
    if (a.removal_effect != b.removal_effect) return a.removal_effect > b.removal_effect;
    return names[a.touchpoint] < names[b.touchpoint];
  });
  std::string reading = "No touchpoint's fix can be estimated.";
  if (!effects.empty() && effects.front().fix_defined)
    reading = "Meeting every expectation at " + names[effects.front().touchpoint] + " would keep about " +
              approximate_count(effects.front().fix_customers) + " more customers " + in.outcome + " (of " +
              approximate_count(m.journeys) + "; now " + shown(100 * m.success_probability, 1) + "%).";
  std::string out = section_open("what-if", "What a fix would win", reading);
  out +=
      "<table><thead><tr><th>touchpoint</th><th class=\"num\">customers won by a fix</th>"
      "<th class=\"num\">uplift of P(" +
      escaped(in.outcome) +
      ")</th><th class=\"num\">removal effect</th></tr>"
      "</thead><tbody>";
  for (std::size_t k = 0; k < effects.size() && k < 15; ++k) {
    const auto& e = effects[k];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out += "<tr class=\"fix\" data-touchpoint=\"" + escaped(names[e.touchpoint]) + "\" data-fix-customers=\"" +
           data_number(e.fix_defined ? e.fix_customers : nan) + "\" data-fix-uplift=\"" +
           data_number(e.fix_defined ? e.fix_uplift : nan) + "\" data-removal-effect=\"" +
           data_number(e.removal_effect) + "\"><td>" + escaped(names[e.touchpoint]) + "</td><td class=\"num\">" +
           shown(e.fix_defined ? e.fix_customers : nan, 0) + "</td><td class=\"num\">" +
           shown(e.fix_defined ? 100 * e.fix_uplift : nan, 2, true) + " pp</td><td class=\"num\">" +
           shown(100 * e.removal_effect, 1) + "%</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string drivers_section(const html_report_inputs& in) {
  const driver_importance& d = *in.drivers;
  const bool logistic = d.method == driver_method::logistic;
  const Eigen::VectorXd& importance = logistic ? d.relative_weight : d.lmg;
  const driver_interval& interval = logistic ? d.relative_weight_interval : d.lmg_interval;
  const Eigen::VectorXd share = d.importance_share();
  const bool intervals = interval.lower.size() == importance.size() && importance.size() > 0;
  std::vector<std::size_t> order(d.drivers.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto at = [](const Eigen::VectorXd& v, std::size_t k) { return v[static_cast<Eigen::Index>(k)]; };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return at(importance, a) > at(importance, b);  // NaN compares false: it stays behind the numbers
  });
  std::string reading = "No drivers.";
  if (!order.empty()) {
    const std::size_t k = order.front();
    reading = d.drivers[k] + " matters most for " + in.outcome + ": " + shown(100 * at(share, k), 0) +
              "% of what the touchpoints explain" +
              (intervals ? " (importance " + shown(at(importance, k), 4) + ", interval " +
                               shown(at(interval.lower, k), 4) + " to " + shown(at(interval.upper, k), 4) + ")"
                         : "") +
              "; the " + d.outcome_model() + " model explains R\u00b2 = " + shown(d.r2, 3) + ".";
  }
  std::string out = section_open("drivers", "Key drivers", reading);
  out += "<table><thead><tr><th>touchpoint</th><th class=\"num\">" + std::string(d.importance_name()) +
         "</th><th class=\"num\">interval</th><th class=\"num\">share</th></tr></thead><tbody>";
  for (const std::size_t k : order) {
    const double lo = intervals ? at(interval.lower, k) : std::numeric_limits<double>::quiet_NaN();
    const double hi = intervals ? at(interval.upper, k) : std::numeric_limits<double>::quiet_NaN();
    out += "<tr class=\"driver\" data-driver=\"" + escaped(d.drivers[k]) + "\" data-importance=\"" +
           data_number(at(importance, k)) + "\" data-lower=\"" + data_number(lo) + "\" data-upper=\"" +
           data_number(hi) + "\"><td>" + escaped(d.drivers[k]) + "</td><td class=\"num\">" +
           shown(at(importance, k), 4) + "</td><td class=\"num\">" +
           (intervals ? shown(lo, 4) + " to " + shown(hi, 4) : std::string("-")) + "</td><td class=\"num\">" +
           shown(100 * at(share, k), 1) + "%</td></tr>";
  }
  return out + "</tbody></table></section>";
}

std::string service_section(const html_report_inputs& in) {
  const service_attribution& s = *in.service;
  const auto ranked = s.ranked();
  std::string reading = "Upstream unmet expectations explain " + shown(100 * s.brand.share(), 0) + "% of the " +
                        std::to_string(s.service_contacts) + " service contacts";
  if (!ranked.empty() && std::isfinite(ranked.front().caused_contacts))
    reading += "; unmet " + (*in.map)[ranked.front().touchpoint].name + " causes about " +
               approximate_count(s.per_month(ranked.front().caused_contacts)) + " a month";
  std::string out = section_open("service", "Service demand caused upstream", reading + ".");
  out +=
      "<table><thead><tr><th>touchpoint</th><th class=\"num\">unmet visits</th>"
      "<th class=\"num\">contacts per unmet visit</th><th class=\"num\">per met visit</th>"
      "<th class=\"num\">contacts caused</th><th class=\"num\">interval</th></tr></thead><tbody>";
  for (std::size_t k = 0; k < ranked.size() && k < 15; ++k) {
    const service_demand& d = ranked[k];
    const std::string& name = (*in.map)[d.touchpoint].name;
    out += "<tr class=\"demand\" data-touchpoint=\"" + escaped(name) + "\" data-caused-contacts=\"" +
           data_number(d.caused_contacts) + "\" data-ci-low=\"" + data_number(d.ci_low) + "\" data-ci-high=\"" +
           data_number(d.ci_high) + "\"><td>" + escaped(name) + "</td><td class=\"num\">" +
           std::to_string(d.counts.unmet_visits) + "</td><td class=\"num\">" + shown(d.rate_unmet, 3) +
           "</td><td class=\"num\">" + shown(d.rate_met, 3) + "</td><td class=\"num\">" + shown(d.caused_contacts, 0) +
           "</td><td class=\"num\">" + shown(d.ci_low, 0) + " to " + shown(d.ci_high, 0) + "</td></tr>";
  }
  return out + "</tbody></table></section>";
}

}  // namespace

std::string render_html_report(const html_report_inputs& in) {
  if (!in.result || !in.map)
    throw std::invalid_argument("render_html_report: the score result and the map are required");
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"generator\" content=\"cxscore\"><title>" +
      escaped(in.title) + "</title><style>" + style + "</style></head><body><main><h1>" + escaped(in.title) +
      "</h1><p class=\"note\">Journey map '" + escaped(in.map->name()) + "', " + std::to_string(in.map->size()) +
      " touchpoints. Every figure is the one in the CSV outputs.</p>";
  out += headline_section(in);
  out += fix_first_section(in);
  if (in.journeys) out += journey_section(in);
  if (in.owners) out += owners_section(in);
  if (in.trend) out += trend_section(in);
  if (in.markov && in.markov_names) out += what_if_section(in);
  if (in.drivers)
    out += drivers_section(in);
  else if (!in.drivers_note.empty())
    out += section_open("drivers", "Key drivers", "Not estimated: " + in.drivers_note) + "</section>";
  if (in.service) out += service_section(in);
  return out + "</main></body></html>\n";
}

void write_html_report(const std::filesystem::path& path, const html_report_inputs& inputs) {
  const std::string page = render_html_report(inputs);
  std::filesystem::path temporary = path;
  temporary += ".cxscore-tmp-" + std::to_string(::getpid());
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(page.data(), static_cast<std::streamsize>(page.size()));
    file.close();
    if (!file) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw std::runtime_error("cannot write " + path.string());
    }
  }
  std::error_code failed;
  std::filesystem::rename(temporary, path, failed);
  if (failed) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw std::runtime_error("cannot write " + path.string() + ": " + failed.message());
  }
}

}  // namespace cxscore
