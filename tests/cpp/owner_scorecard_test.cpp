// Owner scorecards on the simulated brand: every figure recomputed from the events or from the parts it is
// defined by, the shares add up, the verdict's numbers match, and the rounding helper by hand.
#include "cxscore/monitor/owner_scorecard.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "cxscore/sim/simulate.hpp"
#include "support/printf_text.hpp"

namespace {

using cxscore_test::text;

TEST(owner_scorecard_test, approximate_count_by_hand) {
  EXPECT_EQ(cxscore::approximate_count(1234.5), "1,200");
  EXPECT_EQ(cxscore::approximate_count(1250), "1,300");
  EXPECT_EQ(cxscore::approximate_count(999.6), "1,000");
  EXPECT_EQ(cxscore::approximate_count(57.2), "57");
  EXPECT_EQ(cxscore::approximate_count(5.26), "5.3");
  EXPECT_EQ(cxscore::approximate_count(0.4), "0.40");  // two significant digits
  EXPECT_EQ(cxscore::approximate_count(0), "0");
  EXPECT_EQ(cxscore::approximate_count(1234567), "1,200,000");
  EXPECT_EQ(cxscore::approximate_count(-1234), "-1,200");
  EXPECT_EQ(cxscore::approximate_count(NAN), "n/a");
}

struct simulated {
  cxscore::simulated_brand brand = cxscore::simulate({.customers = 6000, .seed = 9});
  cxscore::score_result result =
      cxscore::score(brand.events.view(), brand.map, brand.model, {.customers = &brand.customers});
  cxscore::service_attribution attribution = cxscore::attribute_service_demand(brand.events.view(), brand.map);
  cxscore::journey_map::grouping owners =
      brand.map.group_by([](const cxscore::touchpoint& t) -> const std::string& { return t.owner; });
  cxscore::monitor_result trend = cxscore::monitor(brand.events.view(), brand.map, brand.model,
                                                   {.customers = &brand.customers, .grouping = &owners});
};

TEST(owner_scorecard_test, figures_match_their_definitions_on_the_simulated_brand) {
  const simulated s;
  const auto& map = s.brand.map;
  const auto& ev = s.brand.events;
  const auto cards = cxscore::owner_scorecards(s.result, map, s.attribution, &s.trend);
  ASSERT_EQ(cards.size(), s.owners.names.size());

  // Recompute from the events: psi-weighted mean value per owner, and the owner's share of the brand loss.
  std::map<std::string, double> psi_sum, value_sum;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const auto& tp = map[ev.touchpoint[i]];
    const double e = std::isnan(ev.expectation[i]) ? tp.promise : ev.expectation[i];
    const double g = std::clamp(tp.sign() * (ev.experience[i] - e) / tp.scale.width(), -1.0, 1.0);
    double v = g >= 0 ? std::pow(g, 0.88) : -2.25 * std::pow(-g, 0.88);
    const double psi = s.brand.customers.weight[ev.customer[i]];
    psi_sum[tp.owner] += psi;
    value_sum[tp.owner] += psi * v;
  }
  double total_loss = 0;
  for (const auto& g : s.result.touchpoints) total_loss += g.impact(s.result.brand.customer_weight);
  double shares = 0;
  std::uint64_t handled = 0;
  for (std::size_t k = 0; k < cards.size(); ++k) {
    const auto& c = cards[k];
    const double mean_value = value_sum[c.owner] / psi_sum[c.owner];
    EXPECT_NEAR(c.index, mean_value >= 0 ? 50 + 50 * mean_value : 50 + 50 * mean_value / 2.25, 1e-10) << c.owner;
    double impact = 0, caused = 0;
    for (const auto& t : c.touchpoints) {
      EXPECT_EQ(map[t.touchpoint].owner, c.owner);
      impact += s.result.touchpoints[t.touchpoint].impact(s.result.brand.customer_weight);
      if (map[t.touchpoint].role == cxscore::role::experience) {
        const auto& b = s.attribution.brand;
        const double unmet = static_cast<double>(s.attribution.by_touchpoint[t.touchpoint].unmet_visits);
        if (unmet > 0 && s.attribution.by_touchpoint[t.touchpoint].met_visits > 0)
          caused += (b.rate_unmet[t.touchpoint] - b.rate_met[t.touchpoint]) * unmet;
      }
    }
    EXPECT_NEAR(c.impact, impact, 1e-14) << c.owner;
    EXPECT_NEAR(c.loss_share, impact / total_loss, 1e-12) << c.owner;
    EXPECT_NEAR(c.caused_contacts, caused, 1e-9) << c.owner;
    EXPECT_NEAR(c.caused_per_month, caused / s.attribution.months(), 1e-9) << c.owner;
    if (k > 0) {
      EXPECT_LE(cards[k - 1].impact, c.impact);  // largest loss first
    }
    shares += c.loss_share;
    handled += c.handled_contacts;
    // The latest trend row is the owner's last window.
    ASSERT_TRUE(c.latest.has_value()) << c.owner;
    const auto series = s.trend.series(static_cast<std::uint32_t>(
        std::find(s.trend.groups.begin(), s.trend.groups.end(), c.owner) - s.trend.groups.begin()));
    EXPECT_EQ(c.latest->window.label, series.back().window.label);
    EXPECT_EQ(c.latest->score, series.back().score);
  }
  EXPECT_NEAR(shares, 1.0, 1e-12);
  EXPECT_EQ(handled, s.attribution.service_contacts);  // every contact is handled by some owner
  double caused_by_owners = 0;  // each contact counted once: the owners share the brand's explained contacts
  for (const auto& c : cards) caused_by_owners += c.caused_contacts;
  EXPECT_NEAR(caused_by_owners, s.attribution.brand.explained_contacts, 1e-9);
  // The triggers' owners cause contacts; marketing (ads and e-mails) causes none.
  std::set<std::string> causing;
  for (const auto& c : cards)
    if (c.caused_contacts > 0) causing.insert(c.owner);
  for (const char* owner : {"logistics", "product", "finance"}) EXPECT_TRUE(causing.count(owner)) << owner;
  EXPECT_FALSE(causing.count("marketing"));
}

TEST(owner_scorecard_test, verdict_numbers_match_a_recount) {
  const simulated s;
  const auto& map = s.brand.map;
  const auto& ev = s.brand.events;
  const auto cards = cxscore::owner_scorecards(s.result, map, s.attribution, &s.trend);
  for (const auto& c : cards) {
    const std::string verdict = cxscore::owner_verdict(c, map);
    for (const auto& t : c.touchpoints) EXPECT_LE(c.worst().summary.impact_sum, t.summary.impact_sum);
    // The verdict names the touchpoint causing the most contacts, or else the one losing the most.
    const auto& worst = c.headline();
    for (const auto& t : c.touchpoints)
      if (c.caused_contacts > 0 && t.demand && t.demand->significant()) {
        EXPECT_GE(worst.demand->caused_contacts, t.demand->caused_contacts) << c.owner;
      }
    if (c.caused_contacts == 0) {
      EXPECT_EQ(worst.touchpoint, c.worst().touchpoint) << c.owner;
    }
    const auto& tp = map[worst.touchpoint];
    EXPECT_EQ(verdict.rfind(c.owner + ": " + tp.name + " ", 0), 0u) << verdict;
    if (tp.role == cxscore::role::experience) {
      // Recount: customers who passed the touchpoint, and those with at least one unmet visit; and the
      // encounters, weighted by the customer weights, with the unmet ones. Both shares, each named.
      std::set<std::uint32_t> passed, unmet;
      double encounters = 0, unmet_encounters = 0;
      for (std::size_t i = 0; i < ev.size(); ++i) {
        if (ev.touchpoint[i] != worst.touchpoint) continue;
        passed.insert(ev.customer[i]);
        const double e = std::isnan(ev.expectation[i]) ? tp.promise : ev.expectation[i];
        const double psi = s.brand.customers.weight[ev.customer[i]];
        encounters += psi;
        if (tp.sign() * (ev.experience[i] - e) < 0) unmet.insert(ev.customer[i]), unmet_encounters += psi;
      }
      const std::string share = text("unmet for %.1f%% of its customers (",
                                     100.0 * static_cast<double>(unmet.size()) / static_cast<double>(passed.size())) +
                                text("%.1f%% of its encounters)", 100.0 * unmet_encounters / encounters);
      EXPECT_NE(verdict.find(share), std::string::npos) << verdict << " / " << share;
    }
    if (c.caused_contacts > 0) {
      const std::string per_month = "causes ~" +
                                    cxscore::approximate_count(c.caused_contacts / s.attribution.months()) +
                                    " service contacts a month";
      EXPECT_NE(verdict.find(per_month), std::string::npos) << verdict;
    }
    if (c.handled_contacts > 0) {
      const double per_month = static_cast<double>(c.handled_contacts) / s.attribution.months();
      EXPECT_NE(verdict.find("handles ~" + cxscore::approximate_count(per_month)), std::string::npos) << verdict;
    }
    EXPECT_NE(verdict.find(text("index %.1f in ", c.latest->index) + c.latest->window.label), std::string::npos)
        << verdict;
  }
}

}  // namespace
