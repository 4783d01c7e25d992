// Graph analytics on journey graphs: by hand on small logs, and on the real logs against brute force
// (a touchpoint is unavoidable iff deleting it disconnects start from end; every customer visits it).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/model.hpp"
#include "cxscore/report/journey_dot.hpp"
#include "cxscore/value_function.hpp"
#include "support/journey_logs.hpp"

namespace {

cxscore::event_log log_of(const std::string& journeys, const cxscore::journey_map* map = nullptr) {
  // One journey per line, touchpoints separated by spaces, optional ":experience" per touchpoint.
  std::string csv = "customer,touchpoint,time,experience\n";
  std::size_t customer = 0, start = 0;
  while (start < journeys.size()) {
    const std::size_t end = std::min(journeys.find('\n', start), journeys.size());
    std::size_t pos = start, time = 0;
    while (pos < end) {
      const std::size_t next = std::min(journeys.find(' ', pos), end);
      std::string step = journeys.substr(pos, next - pos);
      std::string experience;
      if (auto colon = step.find(':'); colon != std::string::npos)
        experience = step.substr(colon + 1), step.resize(colon);
      csv.append("c").append(std::to_string(customer)).append(",").append(step).append(",");
      csv.append(std::to_string(time++)).append(",").append(experience).append("\n");
      pos = next + 1;
    }
    ++customer;
    start = end + 1;
  }
  return cxscore::parse_event_log_csv(csv, map).log;
}

cxscore::directly_follows dfg_of(const cxscore::event_log& log) {
  return cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
}

std::vector<std::string> names(const cxscore::event_log& log, const std::vector<std::uint32_t>& codes) {
  std::vector<std::string> out;
  out.reserve(codes.size());
  for (auto c : codes) out.push_back(log.touchpoints[c]);
  return out;
}

TEST(journey_analytics_test, loops_with_their_traffic) {
  // billing <-> support bounce (3 transitions inside), a self-loop at web (1), shop alone is no loop.
  const auto log = log_of("web web shop billing support billing\nshop billing support\nweb shop");
  const auto loops = cxscore::find_loops(dfg_of(log));
  ASSERT_EQ(loops.size(), 2u);
  EXPECT_EQ(names(log, loops[0].touchpoints), (std::vector<std::string>{"billing", "support"}));
  EXPECT_EQ(loops[0].traffic, 3u);
  EXPECT_EQ(names(log, loops[1].touchpoints), (std::vector<std::string>{"web"}));
  EXPECT_EQ(loops[1].traffic, 1u);
}

TEST(journey_analytics_test, unavoidable_touchpoints_by_hand) {
  // Every journey passes shop then pay; web and app are alternatives, support is optional.
  const auto log = log_of("web shop pay\napp shop support pay\nweb shop support pay");
  EXPECT_EQ(names(log, cxscore::unavoidable_touchpoints(dfg_of(log))), (std::vector<std::string>{"shop", "pay"}));
  // Dominance is about the graph: here shop -> support -> end is a path of the graph (support ends a
  // journey), so pay is avoidable even though every observed journey happened to pass it.
  const auto graph_path = log_of("web shop pay\napp shop support pay\nweb shop pay support");
  EXPECT_EQ(names(graph_path, cxscore::unavoidable_touchpoints(dfg_of(graph_path))),
            (std::vector<std::string>{"shop"}));
  EXPECT_TRUE(cxscore::unavoidable_touchpoints(dfg_of(log_of("a b\nb a"))).empty());
}

TEST(journey_analytics_test, most_likely_path_by_hand) {
  // start: a 3/4, b 1/4; a: c 2/3 (2 of 3), end 1/3; c: end. Most likely: a c (3/4 * 2/3 * 1 = 1/2).
  const auto log = log_of("a c\na c\na\nb");
  const auto path = cxscore::most_likely_path(dfg_of(log));
  EXPECT_EQ(names(log, path.touchpoints), (std::vector<std::string>{"a", "c"}));
  EXPECT_DOUBLE_EQ(path.probability, 0.5);
  EXPECT_DOUBLE_EQ(cxscore::path_probability(dfg_of(log), path.touchpoints), 0.5);
  EXPECT_EQ(path.customers, 0u);  // no variants given
}

TEST(journey_analytics_test, worst_experience_path_by_hand) {
  // Scale [1, 5], promise 3: g = (E - 3) / 4; prospect value v = g^0.88, or -2.25 (-g)^0.88 below 0.
  // "bad" alone (1 customer): v(-0.5) = -1.222577; "bad fix" (3): (v(-0.25) + v(0)) / 2 = -0.332154;
  // "good" (4): v(0.5) = 0.543367.
  const auto map = cxscore::parse_map_json(
      R"({"touchpoints": [{"name": "good", "promise": 3}, {"name": "bad", "promise": 3}, {"name": "fix", "promise": 3}]})");
  const auto log = log_of("good:5\ngood:5\ngood:5\ngood:5\nbad:1\nbad:2 fix:3\nbad:2 fix:3\nbad:2 fix:3", &map);
  const auto order = cxscore::order_journeys(log);
  const auto dfg = cxscore::discover_directly_follows(log, order);
  const auto prospect = cxscore::model::prospect();
  const auto variants =
      cxscore::discover_variants(log, order, [&](double g) { return cxscore::gap_value(g, prospect); });
  // Any support: the single customer's short path is the worst.
  const auto rare = cxscore::worst_experience_path(dfg, variants, 1);
  EXPECT_EQ(names(log, rare.touchpoints), (std::vector<std::string>{"bad"}));
  EXPECT_NEAR(rare.mean_score, -1.222577, 1e-6);
  EXPECT_EQ(rare.customers, 1u);
  // At least 2 customers (a quarter of 8): "bad fix", probability start->bad 4/8, bad->fix 3/4, fix->end 1.
  EXPECT_EQ(cxscore::min_path_customers(8, 0.25), 2u);
  const auto worst = cxscore::worst_experience_path(dfg, variants, 2);
  EXPECT_EQ(names(log, worst.touchpoints), (std::vector<std::string>{"bad", "fix"}));
  EXPECT_NEAR(worst.mean_score, -0.332154, 1e-6);
  EXPECT_EQ(worst.customers, 3u);
  EXPECT_DOUBLE_EQ(worst.probability, 0.375);
  // No variant with 5 customers has a score below "good"'s; none has 6.
  EXPECT_EQ(names(log, cxscore::worst_experience_path(dfg, variants, 4).touchpoints),
            (std::vector<std::string>{"good"}));
  EXPECT_TRUE(cxscore::worst_experience_path(dfg, variants, 6).touchpoints.empty());
  // The most likely path carries its variant's support: "good", 4/8, taken by 4 scoring 0.543367.
  const auto likely = cxscore::most_likely_path(dfg, variants);
  EXPECT_EQ(names(log, likely.touchpoints), (std::vector<std::string>{"good"}));
  EXPECT_DOUBLE_EQ(likely.probability, 0.5);
  EXPECT_EQ(likely.customers, 4u);
  EXPECT_NEAR(likely.mean_score, 0.543367, 1e-6);
  // Support thresholds: 1% of 4,580 helpdesk tickets is 45.8, so 46; never below 1.
  EXPECT_EQ(cxscore::min_path_customers(4580, 0.01), 46u);
  EXPECT_EQ(cxscore::min_path_customers(8, 0.01), 1u);
  EXPECT_EQ(cxscore::min_path_customers(0, 0.5), 1u);
}

TEST(journey_analytics_test, dot_has_every_edge_width_by_traffic_and_colour_by_gap) {
  const auto map =
      cxscore::parse_map_json(R"({"touchpoints": [{"name": "a", "promise": 3}, {"name": "b", "promise": 3}]})");
  const auto log = log_of("a:1 b:5\na:1 b:5\na:1", &map);
  const std::string dot = cxscore::to_dot(dfg_of(log), "t");
  // start -> a 3 times is the busiest: width 6; a -> b twice: 1 + 5 * 2/3 = 4.33.
  EXPECT_NE(dot.find("\"__start__\" -> \"a\" [label=\"3\", penwidth=6]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"a\" -> \"b\" [label=\"2\", penwidth=4.33]"), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"b\" -> \"__end__\" [label=\"2\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"a\" -> \"__end__\" [label=\"1\""), std::string::npos) << dot;
  // a: g = -0.5 -> half red (#ff8080); b: g = 0.5 -> half green (#80ff80).
  EXPECT_NE(dot.find("\"a\" [fillcolor=\"#ff8080\""), std::string::npos) << dot;
  EXPECT_NE(dot.find("\"b\" [fillcolor=\"#80ff80\""), std::string::npos) << dot;
}

class real_logs : public ::testing::TestWithParam<const char*> {};

TEST_P(real_logs, unavoidable_touchpoints_equal_brute_force_and_every_customer_visits_them) {
  const auto read = cxscore_test::real_log(GetParam());
  if (!read) GTEST_FAIL() << "real log missing: " << GetParam() << " in " << CXSCORE_TEST_DATA;
  const cxscore::event_log& log = *read;
  const auto order = cxscore::order_journeys(log);
  const auto dfg = cxscore::discover_directly_follows(log, order);
  const auto unavoidable = cxscore::unavoidable_touchpoints(dfg);
  const std::size_t n = boost::num_vertices(dfg.graph);
  // Brute force: t is unavoidable iff no start touchpoint other than t reaches an end touchpoint without t.
  auto reaches_end_without = [&](std::size_t skip) {
    std::vector<char> seen(n, 0);
    std::vector<std::size_t> stack;
    for (std::size_t v = 0; v < n; ++v)
      if (v != skip && dfg.graph[v].starts) seen[v] = 1, stack.push_back(v);
    while (!stack.empty()) {
      const auto v = stack.back();
      stack.pop_back();
      if (dfg.graph[v].ends) return true;
      for (auto [it, end] = boost::out_edges(v, dfg.graph); it != end; ++it) {
        const auto w = boost::target(*it, dfg.graph);
        if (w != skip && !seen[w]) seen[w] = 1, stack.push_back(w);
      }
    }
    return false;
  };
  std::set<std::uint32_t> expected;
  for (std::size_t t = 0; t < n; ++t)
    if (!reaches_end_without(t)) expected.insert(static_cast<std::uint32_t>(t));
  EXPECT_EQ(std::set<std::uint32_t>(unavoidable.begin(), unavoidable.end()), expected);
  for (const auto t : unavoidable)
    for (std::size_t c = 0; c < order.customers(); ++c) {
      bool visited = false;
      for (const auto i : order.journey(c)) visited = visited || log.touchpoint[i] == t;
      ASSERT_TRUE(visited) << log.touchpoints[t] << " missed by " << log.customers[static_cast<std::uint32_t>(c)];
    }
  // The most likely path is a path of the graph whose probability is the product along it.
  const auto likely = cxscore::most_likely_path(dfg);
  ASSERT_FALSE(likely.touchpoints.empty());
  double p = static_cast<double>(dfg.graph[likely.touchpoints.front()].starts) / static_cast<double>(dfg.customers);
  for (std::size_t k = 1; k < likely.touchpoints.size(); ++k) {
    const auto [e, exists] = boost::edge(likely.touchpoints[k - 1], likely.touchpoints[k], dfg.graph);
    ASSERT_TRUE(exists);
    p *= static_cast<double>(dfg.graph[e].count) / static_cast<double>(dfg.out_count(likely.touchpoints[k - 1]));
  }
  p *= static_cast<double>(dfg.graph[likely.touchpoints.back()].ends) /
       static_cast<double>(dfg.out_count(likely.touchpoints.back()));
  EXPECT_NEAR(likely.probability, p, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(data_file, real_logs, ::testing::Values("helpdesk.csv.gz", "bpic2012.csv.gz"));

}  // namespace
