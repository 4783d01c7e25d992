// Property: every mergeable summary, built over the parts of any split of its input and merged in any
// order, equals the summary of one pass. Each case draws random inputs and random splits (1 to 6 parts,
// each item to a random part, parts merged in a random order): the score's group and brand summaries
// (split by customer), the Gram summary (split by row) and the directly-follows counts (split by
// customer, each part read from its own CSV text, so touchpoint codes differ between parts and are
// compared by name). Counts must be equal; sums equal up to the rounding of a different addition order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/io/event_log_csv.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/score.hpp"
#include "support/random_events.hpp"

namespace {

void expect_close(double got, double want, const std::string& what, double rel = 1e-12) {
  EXPECT_NEAR(got, want, rel * std::max(1.0, std::abs(want))) << what;
}

/// A random split of `items` into 1 to 6 parts: part_of[i] is item i's part; `order` the merge order.
struct random_split {
  std::size_t parts;
  std::vector<std::size_t> part_of, order;
  random_split(std::mt19937_64& rng, std::size_t items) : parts(1 + rng() % 6), part_of(items), order(parts) {
    for (auto& p : part_of) p = rng() % parts;
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), rng);
  }
};

// ---------------------------------------------------------------------------------------------------
// Score: touchpoint and segment group_summary, brand_summary; split by customer.
// ---------------------------------------------------------------------------------------------------
struct score_summaries {
  static void check(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const cxscore_test::random_events e(rng, 0.3, 15, 1, 80);
    cxscore::customer_table customers(e.customers);
    for (std::uint32_t c = 0; c < e.customers; ++c)
      customers.set(c, 0.25 * static_cast<double>(1 + rng() % 8), std::vector<const char*>{"a", "b", "c"}[rng() % 3]);
    cxscore::model m = cxscore::model::prospect();
    m.recovery = 0.5;
    m.half_life_days = 3;
    m.peak_end = 0.2;
    const cxscore::score_options options{.customers = &customers, .threads = 1};
    const cxscore::score_result one = cxscore::score(e.view(), e.map, m, options);

    const random_split split(rng, e.customers);
    struct part_rows {
      std::vector<std::uint32_t> customer;
      std::vector<cxscore::touchpoint_code> touchpoint;
      std::vector<double> time, experience, expectation;
    };
    std::vector<part_rows> parts(split.parts);
    for (std::size_t i = 0; i < e.customer.size(); ++i) {
      part_rows& p = parts[split.part_of[e.customer[i]]];
      p.customer.push_back(e.customer[i]);
      p.touchpoint.push_back(e.touchpoint[i]);
      p.time.push_back(e.time[i]);
      p.experience.push_back(e.experience[i]);
      p.expectation.push_back(e.expectation[i]);
    }
    std::vector<cxscore::group_summary> touchpoints(one.touchpoints.size()), segments(one.segments.size());
    cxscore::brand_summary brand;
    for (const std::size_t k : split.order) {
      const part_rows& p = parts[k];
      if (p.customer.empty()) continue;  // a part without events adds nothing
      const cxscore::event_view view{.customer = p.customer,
                                     .touchpoint = p.touchpoint,
                                     .time = p.time,
                                     .experience = p.experience,
                                     .expectation = p.expectation,
                                     .customer_count = e.customers};
      const cxscore::score_result r = cxscore::score(view, e.map, m, options);
      ASSERT_EQ(r.touchpoints.size(), touchpoints.size());
      ASSERT_EQ(r.segments.size(), segments.size());
      for (std::size_t t = 0; t < touchpoints.size(); ++t) touchpoints[t].merge(r.touchpoints[t]);
      for (std::size_t g = 0; g < segments.size(); ++g) segments[g].merge(r.segments[g]);
      brand.merge(r.brand);
      // A customer's score comes from its own part alone, over the same rows in the same order.
      for (std::uint32_t c = 0; c < e.customers; ++c)
        if (split.part_of[c] == k && !std::isnan(one.customer_score[c])) {
          EXPECT_EQ(r.customer_score[c], one.customer_score[c]) << "customer " << c;
        }
    }
    EXPECT_EQ(brand.customers, one.brand.customers);
    EXPECT_EQ(brand.events, one.brand.events);
    expect_close(brand.customer_weight, one.brand.customer_weight, "brand customer_weight");
    expect_close(brand.journey_score_sum, one.brand.journey_score_sum, "brand journey_score_sum");
    expect_close(brand.score_sum, one.brand.score_sum, "brand score_sum");
    auto same = [](const cxscore::group_summary& x, const cxscore::group_summary& y, const std::string& what) {
      EXPECT_EQ(x.count, y.count) << what;
      expect_close(x.weight, y.weight, what + " weight");
      expect_close(x.gap_sum, y.gap_sum, what + " gap_sum");
      expect_close(x.value_sum, y.value_sum, what + " value_sum");
      expect_close(x.unmet_weight, y.unmet_weight, what + " unmet_weight");
      expect_close(x.contribution_sum, y.contribution_sum, what + " contribution_sum");
      expect_close(x.impact_sum, y.impact_sum, what + " impact_sum");
    };
    for (std::size_t t = 0; t < touchpoints.size(); ++t)
      same(touchpoints[t], one.touchpoints[t], "touchpoint " + std::to_string(t));
    for (std::size_t g = 0; g < segments.size(); ++g)
      same(segments[g], one.segments[g], "segment " + std::to_string(g));
  }
};

// ---------------------------------------------------------------------------------------------------
// Gram summary: rows far from the origin (so the shifts matter), split by row.
// ---------------------------------------------------------------------------------------------------
struct gram_summaries {
  static void check(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const Eigen::Index n = 1 + static_cast<Eigen::Index>(rng() % 200);
    const Eigen::Index cols = 2 + static_cast<Eigen::Index>(rng() % 4);
    std::normal_distribution<double> noise(0.0, 1.0);
    Eigen::MatrixXd data(n, cols);
    for (Eigen::Index j = 0; j < cols; ++j) {
      const double offset = 1000.0 * static_cast<double>(j);
      for (Eigen::Index i = 0; i < n; ++i) data(i, j) = offset + noise(rng);
    }
    cxscore::gram_summary one(static_cast<std::size_t>(cols));
    one.add(data);

    const random_split split(rng, static_cast<std::size_t>(n));
    cxscore::gram_summary merged(static_cast<std::size_t>(cols));
    for (const std::size_t k : split.order) {
      std::vector<Eigen::Index> rows;
      for (Eigen::Index i = 0; i < n; ++i)
        if (split.part_of[static_cast<std::size_t>(i)] == k) rows.push_back(i);
      cxscore::gram_summary part(static_cast<std::size_t>(cols));
      part.add(data(rows, Eigen::all));
      merged.merge(part);
    }
    ASSERT_EQ(merged.n(), one.n());
    const Eigen::VectorXd mean = merged.mean(), mean_one = one.mean();
    const Eigen::MatrixXd cross = merged.cross_products(), cross_one = one.cross_products();
    for (Eigen::Index j = 0; j < cols; ++j) {
      expect_close(mean[j], mean_one[j], "mean " + std::to_string(j));
      for (Eigen::Index k = 0; k < cols; ++k) expect_close(cross(j, k), cross_one(j, k), "cross products", 1e-11);
    }
    if (n > 1) {
      // Covariances are O(1) beside means of O(1000): the shifted sums keep them to about 1e-10.
      const Eigen::MatrixXd cov = merged.covariance(), cov_one = one.covariance();
      for (Eigen::Index j = 0; j < cols; ++j)
        for (Eigen::Index k = 0; k < cols; ++k) expect_close(cov(j, k), cov_one(j, k), "covariance", 1e-9);
    }
  }
};

// ---------------------------------------------------------------------------------------------------
// Directly-follows counts: split by customer, each part a CSV of its own.
// ---------------------------------------------------------------------------------------------------
struct dfg_counts {
  struct by_name {
    std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, cxscore::mean_accumulator>> edges;
    std::map<std::string, std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> vertices;  // visits, starts, ends
    std::uint64_t customers = 0, events = 0;

    void add(const cxscore::directly_follows& d) {
      customers += d.customers;
      events += d.events;
      for (std::size_t v = 0; v < boost::num_vertices(d.graph); ++v) {
        const cxscore::dfg_vertex& x = d.graph[v];
        if (x.visits == 0) continue;
        auto& [visits, starts, ends] = vertices[x.name];
        visits += x.visits, starts += x.starts, ends += x.ends;
      }
      for (auto [it, end] = boost::edges(d.graph); it != end; ++it) {
        auto& [count, duration] =
            edges[{d.graph[boost::source(*it, d.graph)].name, d.graph[boost::target(*it, d.graph)].name}];
        count += d.graph[*it].count;
        duration.merge(d.graph[*it].duration);
      }
    }
  };

  static void check(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const std::size_t customers = 1 + rng() % 12, rows = 1 + rng() % 80, touchpoints = 1 + rng() % 5;
    std::vector<std::string> line(rows);
    std::vector<std::size_t> customer_of(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      customer_of[i] = rng() % customers;
      // Times on a coarse grid, so ties (kept in file order) are common.
      line[i] = "c" + std::to_string(customer_of[i]) + ",t" + std::to_string(rng() % touchpoints) + "," +
                std::to_string(1700000000 + 3600 * (rng() % 10)) + "," + std::to_string(1 + rng() % 5) + "\n";
    }
    const std::string header = "customer,touchpoint,time,experience\n";
    auto dfg_of = [](const std::string& text) {
      const auto log = cxscore::parse_event_log_csv(text).log;
      return cxscore::discover_directly_follows(log, cxscore::order_journeys(log));
    };
    std::string all = header;
    for (const auto& l : line) all += l;
    by_name one;
    one.add(dfg_of(all));

    const random_split split(rng, customers);
    by_name merged;
    for (const std::size_t k : split.order) {
      std::string text = header;
      for (std::size_t i = 0; i < rows; ++i)
        if (split.part_of[customer_of[i]] == k) text += line[i];
      merged.add(dfg_of(text));
    }
    EXPECT_EQ(merged.customers, one.customers);
    EXPECT_EQ(merged.events, one.events);
    EXPECT_EQ(merged.vertices, one.vertices);
    ASSERT_EQ(merged.edges.size(), one.edges.size());
    for (const auto& [key, want] : one.edges) {
      const auto it = merged.edges.find(key);
      ASSERT_NE(it, merged.edges.end()) << key.first << " -> " << key.second;
      EXPECT_EQ(it->second.first, want.first) << key.first << " -> " << key.second;
      EXPECT_EQ(it->second.second.count, want.second.count);
      expect_close(it->second.second.sum, want.second.sum, "duration sum " + key.first + " -> " + key.second);
    }
  }
};

template <class Case>
class any_split_equals_one_pass : public ::testing::Test {};

using summary_cases = ::testing::Types<score_summaries, gram_summaries, dfg_counts>;
TYPED_TEST_SUITE(any_split_equals_one_pass, summary_cases);

TYPED_TEST(any_split_equals_one_pass, on_random_inputs_and_splits) {
  for (std::uint64_t seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    TypeParam::check(seed);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
