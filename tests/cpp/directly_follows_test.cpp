// Discovery: the directly-follows graph and variants, by hand on a small log (time order across offsets,
// ties in file order) and on the real logs against invariants and a naive recount (sort everything,
// count pairs in a std::map). The pm4py comparison is tests/python/test_journeys_pm4py.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <tuple>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/value_function.hpp"
#include "support/journey_logs.hpp"

namespace {

// a: cart (09:05Z) -> web (10:00Z) -> pay (10:00Z, a tie: file order); b: web -> web; c: cart.
const char* small_log =
    "customer,touchpoint,time,experience\n"
    "a,web,2026-03-01T10:00:00Z,5\n"
    "a,cart,2026-03-01T10:05:00+01:00,1\n"
    "b,web,1772359200,3\n"
    "a,pay,2026-03-01T10:00:00.000Z,2\n"
    "b,web,1772359300,4\n"
    "c,cart,5,\n";

std::map<std::pair<std::string, std::string>, const cxscore::dfg_edge*> edges_of(const cxscore::directly_follows& d) {
  std::map<std::pair<std::string, std::string>, const cxscore::dfg_edge*> out;
  for (auto [it, end] = boost::edges(d.graph); it != end; ++it)
    out[{d.graph[boost::source(*it, d.graph)].name, d.graph[boost::target(*it, d.graph)].name}] = &d.graph[*it];
  return out;
}

TEST(directly_follows_test, counts_a_small_log_by_hand) {
  const auto log = cxscore::parse_event_log_csv(small_log).log;
  const auto dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
  EXPECT_EQ(dfg.customers, 3u);
  EXPECT_EQ(dfg.events, 6u);
  const auto e = edges_of(dfg);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e.at({"cart", "web"})->count, 1u);
  EXPECT_EQ(e.at({"cart", "web"})->duration.mean(), 55 * 60.0);
  EXPECT_EQ(e.at({"web", "pay"})->count, 1u);
  EXPECT_EQ(e.at({"web", "pay"})->duration.mean(), 0.0);
  EXPECT_EQ(e.at({"web", "web"})->count, 1u);
  EXPECT_EQ(e.at({"web", "web"})->duration.mean(), 100.0);
  // Without a map nothing is measured.
  EXPECT_TRUE(std::isnan(e.at({"web", "web"})->gap.mean()));
  const auto code = [&](const char* name) { return *log.touchpoints.find(name); };
  EXPECT_EQ(dfg.graph[code("cart")].starts, 2u);
  EXPECT_EQ(dfg.graph[code("web")].starts, 1u);
  EXPECT_EQ(dfg.graph[code("pay")].starts, 0u);
  EXPECT_EQ(dfg.graph[code("pay")].ends, 1u);
  EXPECT_EQ(dfg.graph[code("web")].ends, 1u);
  EXPECT_EQ(dfg.graph[code("cart")].ends, 1u);
  EXPECT_EQ(dfg.graph[code("web")].visits, 3u);
  EXPECT_EQ(dfg.out_count(code("web")), 3u);
  // Customers: web by a and b (b twice), cart by a and c, pay by a.
  EXPECT_EQ(dfg.graph[code("web")].customers, 2u);
  EXPECT_EQ(dfg.graph[code("cart")].customers, 2u);
  EXPECT_EQ(dfg.graph[code("pay")].customers, 1u);
}

TEST(directly_follows_test, mean_gap_of_the_target_with_a_map) {
  // Scale [1, 5], promise 3: g = (E - 3) / 4. Edge web -> web enters web with E = 4: g = 0.25;
  // cart -> web enters web with E = 5: 0.5; web -> pay: E = 2: -0.25. c's cart has no experience: NaN.
  const auto map = cxscore::parse_map_json(
      R"({"touchpoints": [{"name": "web", "promise": 3}, {"name": "cart", "promise": 3}, {"name": "pay", "promise": 3}]})");
  const auto log = cxscore::parse_event_log_csv(small_log, &map).log;
  const auto dfg = cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
  const auto e = edges_of(dfg);
  EXPECT_EQ(e.at({"web", "web"})->gap.mean(), 0.25);
  EXPECT_EQ(e.at({"cart", "web"})->gap.mean(), 0.5);
  EXPECT_EQ(e.at({"web", "pay"})->gap.mean(), -0.25);
  // Journeys start at cart (a: E = 1, g = -0.5; c: not measured) and web (b: E = 3, g = 0).
  EXPECT_EQ(dfg.graph[*log.touchpoints.find("cart")].start_gap.mean(), -0.5);
  EXPECT_EQ(dfg.graph[*log.touchpoints.find("cart")].start_gap.count, 1u);
  EXPECT_EQ(dfg.graph[*log.touchpoints.find("web")].gap.mean(), (0.5 + 0 + 0.25) / 3);
}

TEST(directly_follows_test, variants_by_frequency_with_mean_scores) {
  const auto map = cxscore::parse_map_json(
      R"({"touchpoints": [{"name": "web", "promise": 3, "weight": 2}, {"name": "cart", "promise": 3}, {"name": "pay", "promise": 3}]})");
  const std::string text = std::string(small_log) + "d,web,1,3\nd,web,2,3\n";
  const auto log = cxscore::parse_event_log_csv(text, &map).log;
  const std::vector<double> weight{2, 1, 1};
  const auto value = [](double g) { return cxscore::gap_value(g, 1, 1, 2); };  // servqual-like, lambda 2
  const auto variants = cxscore::discover_variants(log, cxscore::order_journeys(log), value, weight);
  ASSERT_EQ(variants.size(), 3u);
  // web > web twice (b and d), then the single ones in code order: cart (c), cart > web > pay (a).
  EXPECT_EQ(variants[0].touchpoints, (std::vector<std::uint32_t>{0, 0}));
  EXPECT_EQ(variants[0].customers, 2u);
  // b: g = 0 and 0.25, both weight 2: score 0.125; d: 0 and 0: 0. Mean 0.0625.
  EXPECT_DOUBLE_EQ(variants[0].score.mean(), 0.0625);
  EXPECT_EQ(variants[1].touchpoints, (std::vector<std::uint32_t>{1}));
  EXPECT_TRUE(std::isnan(variants[1].score.mean()));  // c has no measured gap
  // a: cart g = -0.5 (w 1, v = -1), web 0.5 (w 2, v = 0.5), pay -0.25 (w 1, v = -0.5): (-1 + 1 - 0.5) / 4.
  EXPECT_DOUBLE_EQ(variants[2].score.mean(), -0.125);
  const auto frequent = cxscore::discover_variants(log, cxscore::order_journeys(log), value, weight, 2);
  EXPECT_EQ(frequent.size(), 1u);
}

class real_logs : public ::testing::TestWithParam<const char*> {};

TEST_P(real_logs, invariants_and_a_naive_recount) {
  const auto read = cxscore_test::real_log(GetParam());
  if (!read) GTEST_FAIL() << "real log missing: " << GetParam() << " in " << CXSCORE_TEST_DATA;
  const cxscore::event_log& log = *read;
  const auto order = cxscore::order_journeys(log);
  const auto dfg = cxscore::discover_directly_follows(log, order);
  const std::uint64_t cases = log.customers.size(), events = log.size();
  EXPECT_EQ(dfg.customers, cases);
  EXPECT_EQ(dfg.events, events);
  std::uint64_t edge_sum = 0, start_sum = 0, end_sum = 0;
  std::vector<std::uint64_t> in(boost::num_vertices(dfg.graph)), out(in.size());
  for (auto [it, end] = boost::edges(dfg.graph); it != end; ++it) {
    edge_sum += dfg.graph[*it].count;
    out[boost::source(*it, dfg.graph)] += dfg.graph[*it].count;
    in[boost::target(*it, dfg.graph)] += dfg.graph[*it].count;
  }
  for (std::size_t v = 0; v < in.size(); ++v) {
    start_sum += dfg.graph[v].starts;
    end_sum += dfg.graph[v].ends;
    EXPECT_EQ(dfg.graph[v].visits, dfg.graph[v].starts + in[v]);  // every visit is entered once...
    EXPECT_EQ(dfg.graph[v].visits, dfg.graph[v].ends + out[v]);   // ...and left once
  }
  // Each touchpoint's customers against a set of (touchpoint, customer) pairs.
  std::set<std::pair<std::uint32_t, std::uint32_t>> visitors;
  for (std::size_t i = 0; i < events; ++i) visitors.emplace(log.touchpoint[i], log.customer[i]);
  std::vector<std::uint64_t> customers_at(in.size());
  for (const auto& [t, c] : visitors) ++customers_at[t];
  for (std::size_t v = 0; v < in.size(); ++v) {
    EXPECT_EQ(dfg.graph[v].customers, customers_at[v]) << dfg.graph[v].name;
    EXPECT_LE(dfg.graph[v].customers, dfg.graph[v].visits);
  }
  EXPECT_EQ(edge_sum, events - cases);
  EXPECT_EQ(start_sum, cases);
  EXPECT_EQ(end_sum, cases);

  // Naive recount: sort (customer, time, row) triples, count consecutive pairs of the same customer.
  std::vector<std::tuple<std::uint32_t, double, std::size_t>> rows;
  for (std::size_t i = 0; i < events; ++i) rows.emplace_back(log.customer[i], log.time[i], i);
  std::sort(rows.begin(), rows.end());
  std::map<std::pair<std::string, std::string>, std::uint64_t> naive;
  for (std::size_t k = 1; k < rows.size(); ++k)
    if (std::get<0>(rows[k]) == std::get<0>(rows[k - 1]))
      ++naive[{log.touchpoints[log.touchpoint[std::get<2>(rows[k - 1])]],
               log.touchpoints[log.touchpoint[std::get<2>(rows[k])]]}];
  const auto ours = edges_of(dfg);
  ASSERT_EQ(ours.size(), naive.size());
  for (const auto& [key, count] : naive) EXPECT_EQ(ours.at(key)->count, count) << key.first << " -> " << key.second;

  // Variants partition the customers; a filtered graph keeps exactly the frequent edges.
  const auto variants = cxscore::discover_variants(log, order, [](double g) { return g; });
  std::uint64_t variant_customers = 0;
  for (const auto& v : variants) variant_customers += v.customers;
  EXPECT_EQ(variant_customers, cases);
  const auto frequent = dfg.filtered(100);
  std::size_t kept = 0;
  for (const auto& [key, count] : naive) kept += count >= 100;
  EXPECT_EQ(boost::num_edges(frequent.graph), kept);
}

INSTANTIATE_TEST_SUITE_P(data_file, real_logs, ::testing::Values("helpdesk.csv.gz", "bpic2012.csv.gz"));

}  // namespace
