#pragma once
/// The files and readable reports of service intelligence, as `cxscore service` and `cxscore owners`
/// write them (all or nothing) and `cxscore demo` prints them.
///
/// - `service.csv`: `touchpoint, unmet_visits, rate_unmet, rate_met, excess, caused_contacts, ci_low,
///   ci_high`, ranked by caused contacts (service_attribution::ranked), numbers in shortest round-trip form;
/// - `owners.csv`: `owner, touchpoints, encounters, index, unmet_share, impact, loss_share,
///   caused_contacts, caused_per_month, handled_contacts, handled_per_month, verdict`, largest loss first;
/// - `owner_trend.csv`: `trend_csv(trend, "owner")` (monitor_report.hpp);
/// - in lenient mode (`rejected` non-null) also `rejected.csv` (`file, row, column, value, reason`).
///
/// ```cpp
/// std::cout << cxscore::render_service_report(attribution, map);
/// cxscore::write_service_outputs("out", attribution, map);  // service.csv, service_report.txt
/// ```
#include <filesystem>
#include <string>
#include <vector>

#include "cxscore/io/rejected_row.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/monitor/owner_scorecard.hpp"
#include "cxscore/monitor/time_windows.hpp"
#include "cxscore/service/service_attribution.hpp"

namespace cxscore {

[[nodiscard]] std::string service_csv(const service_attribution& attribution, const journey_map& map);
[[nodiscard]] std::string owners_csv(const std::vector<owner_scorecard>& cards, const journey_map& map);

/// Why `attribution` has nothing to attribute, in words ("every touchpoint of the map is a service one: ..."),
/// or "" when it has: no service or no experience touchpoint in the map, no visit, or no contact.
[[nodiscard]] std::string nothing_to_attribute(const service_attribution& attribution, const journey_map& map);
/// The ranked service demand, the brand figure, and what the service desk hears (contacts by service touchpoint).
[[nodiscard]] std::string render_service_report(const service_attribution& attribution, const journey_map& map,
                                                std::size_t top = 10);
/// The owners' scorecards with their verdicts.
[[nodiscard]] std::string render_owner_report(const std::vector<owner_scorecard>& cards, const journey_map& map);

/// service.csv and service_report.txt (and rejected.csv) into `dir`.
void write_service_outputs(const std::filesystem::path& dir, const service_attribution& attribution,
                           const journey_map& map, const std::vector<rejected_row>* rejected = nullptr);
/// owners.csv, owner_trend.csv and owners_report.txt (and rejected.csv) into `dir`.
void write_owner_outputs(const std::filesystem::path& dir, const std::vector<owner_scorecard>& cards,
                         const monitor_result& trend, const journey_map& map,
                         const std::vector<rejected_row>* rejected = nullptr);

}  // namespace cxscore
