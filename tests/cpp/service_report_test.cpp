// The printed service report and the CSV texts against a brute-force attribution and a recount.
#include "cxscore/report/service_report.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "cxscore/sim/simulate.hpp"
#include "support/printf_text.hpp"
#include "support/reference_service.hpp"

namespace {

using cxscore_test::text;

// printf's text of a figure as the report prints it: a value that rounds to zero has no minus sign
// (finite_output.hpp), so "-0.000" is "0.000" ("+0.000" with a sign) and "[-0.0, " is "[0.0, ".
std::string as_printed(std::string s) {
  const auto minus = s.find('-');
  if (minus == std::string::npos) return s;
  const auto end = s.find_first_not_of("0123456789.", minus + 1);
  const std::string number = s.substr(minus + 1, end == std::string::npos ? std::string::npos : end - minus - 1);
  if (number.find_first_not_of("0.") == std::string::npos) s.erase(minus, 1);
  return s;
}

TEST(service_report_test, printed_figures_match_a_brute_force_attribution) {
  const auto brand = cxscore::simulate({.customers = 500, .seed = 13});
  const auto& map = brand.map;
  const auto v = brand.events.view();
  const auto a = cxscore::attribute_service_demand(v, map);
  const auto ref = cxscore_test::reference_service(v, map, 2);
  const std::string report = cxscore::render_service_report(a, map, map.size());

  double contacts = 0;
  for (std::size_t i = 0; i < v.size(); ++i) contacts += map[v.touchpoint[i]].role == cxscore::role::service ? 1 : 0;
  const auto& b = a.brand;  // its numbers: explained_share_test
  EXPECT_NE(report.find(text("%.0f service contacts", contacts)), std::string::npos) << report;
  // The interval on the logit scale: expit(logit p ± 1.96 SE / (p (1 - p))), SE = SE(E) / contacts.
  const double p = b.explained_contacts / contacts, se = b.standard_error / contacts;
  auto expit = [](double x) { return 1 / (1 + std::exp(-x)); };
  const double low = expit(std::log(p / (1 - p)) - 1.96 * se / (p * (1 - p)));
  const double high = expit(std::log(p / (1 - p)) + 1.96 * se / (p * (1 - p)));
  EXPECT_LT(low, p);
  EXPECT_GT(high, p);
  EXPECT_NE(report.find(text("%.1f%% of them", 100 * p) + text(" [%.1f%%, ", 100 * low) +
                        text("%.1f%%] explained", 100 * high)),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("within 2 days"), std::string::npos);
  EXPECT_NE(report.find("95% intervals"), std::string::npos);
  for (const auto& [t, r] : ref) {
    const auto at = report.find("  " + map[t].name + " ");
    ASSERT_NE(at, std::string::npos) << map[t].name;
    const std::string line = report.substr(at, report.find('\n', at) - at);
    if (std::isnan(r.excess)) continue;
    std::string excess = as_printed(text("%+.3f", r.excess));
    if (excess[0] == '0') excess.insert(0, "+");
    for (const std::string& number :
         {text("%.3f", r.rate_unmet), text("%.3f", r.rate_met), excess, as_printed(text("%.1f", r.caused)),
          as_printed(text("[%.1f, ", r.ci_low)), as_printed(text("%.1f]", r.ci_high))})
      EXPECT_NE(line.find(number), std::string::npos) << line << " lacks " << number;
    // Above 0: no note; holding 0: noise; below 0: fewer contacts after unmet visits.
    EXPECT_EQ(line.find("(noise)") != std::string::npos, r.ci_low <= 0 && r.ci_high >= 0) << line;
    EXPECT_EQ(line.find("(fewer)") != std::string::npos, r.ci_high < 0) << line;
  }
}

TEST(service_report_test, service_csv_has_the_header_and_one_row_per_experience_touchpoint) {
  const auto brand = cxscore::simulate({.customers = 300, .seed = 2});
  const auto a = cxscore::attribute_service_demand(brand.events.view(), brand.map);
  const std::string csv = cxscore::service_csv(a, brand.map);
  std::size_t lines = 0;
  for (const char ch : csv) lines += ch == '\n';
  std::size_t experience = 0;
  for (std::size_t t = 0; t < brand.map.size(); ++t)
    experience += brand.map[static_cast<cxscore::touchpoint_code>(t)].role == cxscore::role::experience ? 1 : 0;
  EXPECT_EQ(lines, experience + 1);  // every experience touchpoint is visited in the simulated brand
  EXPECT_EQ(csv.rfind("touchpoint,unmet_visits,rate_unmet,rate_met,excess,caused_contacts,ci_low,ci_high\n", 0), 0u);
}

}  // namespace
