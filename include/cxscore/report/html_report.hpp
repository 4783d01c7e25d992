#pragma once
/// The CX report as one self-contained HTML page: inline SVG and CSS, no script, no external URL or font,
/// so it opens offline and travels by e-mail. It draws finished results and computes nothing of its own:
/// every number shown is read from the result objects the CSV outputs are written from, and carried on
/// its element as a `data-*` attribute in the CSV's number form (shortest round trip), so a test can read
/// the figures back.
///
/// Each chart is a function of its own returning SVG text (results in, `std::string` out), for notebooks:
/// - `impact_bar_chart_svg`: touchpoints ranked by impact, bars in index points, coloured by owner;
/// - `journey_map_svg`: the directly-follows graph laid out by Graphviz (dot), touchpoints clustered by
///   phase, colour = mean gap, size = customers, edge width = traffic, loops highlighted; each touchpoint's
///   node group carries `data-customers` and `data-visits`;
/// - `trend_chart_svg`: the brand index by window, windows whose change is beyond noise flagged.
///
/// ```cpp
/// cxscore::html_report_inputs in{.result = &result, .map = &map, .journeys = &dfg, .loops = &loops};
/// cxscore::write_html_report("report.html", in);  // written beside, then renamed: complete or absent
/// std::string svg = cxscore::impact_bar_chart_svg(result, map);
/// ```
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/drivers/key_drivers.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/event_log.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/journeys/markov_chain.hpp"
#include "cxscore/model.hpp"
#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/score.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace cxscore {

/// Touchpoints with encounters, ranked by impact (largest loss first, ties in map order): the order of
/// the bar chart and of the text report's "fix first" list.
[[nodiscard]] std::vector<touchpoint_code> touchpoints_by_impact(const score_result& result);

/// The horizontal bar chart of the `top` touchpoints with the largest losses (index points the average
/// customer loses there), one colour per owner (Okabe-Ito). Each bar: `data-touchpoint`, `data-owner`,
/// `data-impact` (touchpoints.csv's impact), `data-impact-points`.
[[nodiscard]] std::string impact_bar_chart_svg(const score_result& result, const journey_map& map,
                                               std::size_t top = 30);

/// The count below which the journey map hides a transition (an edge, or a journey's start or end at a
/// touchpoint), chosen so the map stays legible and quick to lay out: every transition when there are at most
/// 120, else the smallest count that keeps at most max(120, 2 × touchpoints visited) of them, capped at 250
/// (ties are kept or hidden together).
[[nodiscard]] std::uint64_t automatic_min_edge_count(const directly_follows& dfg);

/// The journey map of `dfg` (already filtered, see directly_follows::filtered) laid out by Graphviz's dot:
/// one node per touchpoint visited plus start and end, one edge per DFG edge plus the start and end
/// transitions shown (shown_starts, shown_ends): the rows of `cxscore journeys`' edges.csv. Node and edge `<title>`s are Graphviz's
/// ("name", "a->b"); touchpoints of a loop (`loops`, from find_loops on the same graph) are outlined.
/// `map` gives phases (clusters); null = no clusters. Throws std::runtime_error when Graphviz fails.
[[nodiscard]] std::string journey_map_svg(const directly_follows& dfg, const journey_map* map,
                                          const std::vector<journey_loop>& loops);

/// The line chart of group `group`'s index by window of `trend` (monitor()), flagged windows marked.
/// Each point: `data-window`, `data-index`, `data-flagged` ("yes"/"no", as brand_trend.csv).
[[nodiscard]] std::string trend_chart_svg(const monitor_result& trend, std::uint32_t group = 0);

/// What a report shows; every pointer but `result` and `map` may be null (that section is left out).
struct html_report_inputs {
  const score_result* result = nullptr;
  const journey_map* map = nullptr;
  std::string title = "cxscore report";
  const directly_follows* journeys = nullptr;        ///< filtered as shown
  std::uint64_t min_edge_count = 1;                  ///< the filter `journeys` went through (for the note)
  const directly_follows* unfiltered = nullptr;      ///< for the count of hidden edges; may be null
  const std::vector<journey_loop>* loops = nullptr;  ///< find_loops(*journeys)
  const std::vector<owner_scorecard>* owners = nullptr;
  const monitor_result* trend = nullptr;  ///< the brand's windows (no grouping)
  const service_attribution* service = nullptr;
  const markov_result* markov = nullptr;       ///< with outcomes: the fix what-if
  const dictionary* markov_names = nullptr;    ///< the touchpoint names of `markov`'s codes
  std::string outcome{};                       ///< the outcome's name (what-if, drivers)
  const driver_importance* drivers = nullptr;  ///< with outcomes: key drivers
  std::string drivers_note{};                  ///< why there are no key drivers (shown when `drivers` is null)
};

/// The page. Throws std::invalid_argument when `result` or `map` is null.
[[nodiscard]] std::string render_html_report(const html_report_inputs& inputs);

/// Writes render_html_report() to `path` beside it first, then renames it into place, so `path` is the
/// whole page or left as it was.
void write_html_report(const std::filesystem::path& path, const html_report_inputs& inputs);

/// The journeys a report draws from `log`: its directly-follows graph, the edges seen at least
/// `min_edge_count` times (0 = automatic_min_edge_count) and the loops among them.
struct report_journeys {
  directly_follows all_edges;
  std::uint64_t min_edge_count = 1;
  directly_follows dfg;
  std::vector<journey_loop> loops;
};
[[nodiscard]] report_journeys discover_report_journeys(const event_log& log, const journey_order& order,
                                                       std::uint64_t min_edge_count);

/// How a report's analyses are run: the options of the commands that write each section's CSV.
struct report_settings {
  std::string title = "cxscore report";
  cxscore::period period = period::week;
  std::uint64_t min_edge_count = 0;  ///< the journey map's edges seen at least this often; 0 = automatic_min_edge_count
  double window_days = 2;            ///< service demand
  double fdr = 0.05;                 ///< trends
  double min_effect = 1;             ///< trends, in index points
  std::string outcome = "retained";
  std::size_t bootstrap = 100;  ///< key drivers
  std::uint64_t seed = 1;
  unsigned threads = 0;                        ///< 0 = every core; 1 = the analyses one after the other
  std::string events_source = "<events>";      ///< names the events in the journeys' errors
  std::string service_source = "<events>";     ///< names the service options or events in errors
  std::string monitor_source = "<events>";     ///< names the trend options or events in errors
  std::string outcomes_source = "<outcomes>";  ///< names the outcomes in the drivers' errors
};

/// The events' outcomes for a report, by the events' customer codes: `retained` (1/0) for the Markov
/// what-if, `values` for the key drivers; both empty without outcomes.
struct report_outcomes {
  std::span<const std::int8_t> retained;
  std::span<const double> values;
};

/// Analyses what a report shows beside the scores as the commands do (the journeys of the events, one visit
/// per event (journey_log_of); service demand, the owners' scorecards and trend, the brand trend; with
/// outcomes the fix what-if and the key drivers, or why the drivers cannot be found), then writes the page to
/// `path` (write_html_report). `events` are the scored events, `customer_names` their customer dictionary.
/// The journeys and the brand trend are worked out on threads of their own unless `settings.threads` is 1;
/// the page does not depend on it. Returns a one-line summary: customers, encounters, brand index, the map's
/// edges.
std::string write_analysed_report(const std::filesystem::path& path, const report_settings& settings,
                                  const score_result& result, const event_view& events, const journey_map& map,
                                  const model& m, const customer_table* customers, const dictionary& customer_names,
                                  const report_outcomes& outcomes);

}  // namespace cxscore
