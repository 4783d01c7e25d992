// The synthetic retail brand: determinism, shape of the map and the events, the service triggers and the
// outcomes, each checked from the generated data itself rather than from the simulator's internals.
#include "cxscore/sim/simulate.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/score.hpp"
#include "cxscore/value_function.hpp"

namespace {

constexpr double day = 86400.0;

// One brand shared by the read-only tests: generating it once keeps the Debug suite fast.
const cxscore::simulated_brand& sample() {
  static const cxscore::simulated_brand brand = cxscore::simulate({.customers = 20'000, .seed = 42});
  return brand;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

bool unmet(const cxscore::simulated_brand& b, std::size_t i) {
  const cxscore::touchpoint& tp = b.map[b.events.touchpoint[i]];
  const double expectation = b.events.view().expectation_at(i, tp.promise);
  return cxscore::normalised_gap(b.events.experience[i], expectation, tp.scale, tp.direction) < 0;
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(simulate_test, same_seed_gives_bit_identical_data_and_another_seed_does_not) {
  const auto a = cxscore::simulate({.customers = 3000, .seed = 7});
  const auto b = cxscore::simulate({.customers = 3000, .seed = 7});
  EXPECT_TRUE(same_bits(a.events.customer, b.events.customer));
  EXPECT_TRUE(same_bits(a.events.touchpoint, b.events.touchpoint));
  EXPECT_TRUE(same_bits(a.events.time, b.events.time));
  EXPECT_TRUE(same_bits(a.events.experience, b.events.experience));
  EXPECT_TRUE(same_bits(a.events.expectation, b.events.expectation));  // bitwise, so NaNs compare equal
  EXPECT_TRUE(same_bits(a.events.dimension, b.events.dimension));
  EXPECT_TRUE(same_bits(a.customers.weight, b.customers.weight));
  EXPECT_TRUE(same_bits(a.customers.segment, b.customers.segment));
  EXPECT_TRUE(same_bits(a.outcomes.nps, b.outcomes.nps));
  EXPECT_TRUE(same_bits(a.outcomes.retained, b.outcomes.retained));

  const auto c = cxscore::simulate({.customers = 3000, .seed = 8});
  EXPECT_FALSE(same_bits(a.events.time, c.events.time));
  EXPECT_FALSE(same_bits(a.outcomes.nps, c.outcomes.nps));
}

// FNV-1a over the bytes of every column: a fingerprint of the whole data set.
template <class... Columns>
std::uint64_t fingerprint(const Columns&... columns) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](const auto& column) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(column.data());
    for (std::size_t i = 0; i < column.size() * sizeof(column[0]); ++i) h = (h ^ bytes[i]) * 0x100000001b3ULL;
  };
  (mix(columns), ...);
  return h;
}

TEST(simulate_test, output_is_pinned_so_any_machine_or_standard_library_gives_the_same_data) {
  // Recorded from this implementation. It changes only when the simulator is changed on purpose (then
  // update it); a change on another compiler, standard library or CPU is a determinism bug.
  const auto b = cxscore::simulate({.customers = 2000, .seed = 1});
  EXPECT_EQ(
      fingerprint(b.events.customer, b.events.touchpoint, b.events.time, b.events.experience, b.events.expectation,
                  b.events.dimension, b.customers.weight, b.customers.segment, b.outcomes.nps, b.outcomes.retained),
      0x25beb76dc97782beULL);
}

TEST(simulate_test, a_customer_journey_does_not_depend_on_how_many_customers_are_simulated) {
  // Each customer has its own random stream, so the first 500 customers of a larger run are the same.
  const auto small = cxscore::simulate({.customers = 500, .seed = 3});
  const auto large = cxscore::simulate({.customers = 2000, .seed = 3});
  const std::size_t n = small.events.size();
  ASSERT_GT(large.events.size(), n);
  EXPECT_EQ(large.events.customer[n], 500u);
  EXPECT_TRUE(std::equal(small.events.time.begin(), small.events.time.end(), large.events.time.begin()));
  EXPECT_TRUE(std::equal(small.outcomes.nps.begin(), small.outcomes.nps.end(), large.outcomes.nps.begin()));
}

TEST(simulate_test, event_count_scales_with_customers_at_ten_to_fourteen_per_customer) {
  const auto a = cxscore::simulate({.customers = 5000, .seed = 1});
  const auto& b = sample();  // 20,000 customers
  const double per_a = static_cast<double>(a.events.size()) / 5000.0;
  const double per_b = static_cast<double>(b.events.size()) / 20000.0;
  EXPECT_GE(per_a, 10.0);
  EXPECT_LE(per_a, 14.0);
  EXPECT_NEAR(per_a, per_b, 0.02 * per_b);
  EXPECT_EQ(a.events.customers.size(), 5000u);
  EXPECT_EQ(a.customers.size(), 5000u);
  EXPECT_EQ(a.outcomes.nps.size(), 5000u);
  EXPECT_EQ(a.outcomes.retained.size(), 5000u);
  EXPECT_EQ(cxscore::simulate({.customers = 0}).events.size(), 0u);
}

TEST(simulate_test, map_spans_owners_phases_channels_and_both_roles) {
  const auto& map = sample().map;
  ASSERT_GE(map.size(), 12u);
  std::set<std::string> owners, phases, channels;
  bool has_service = false;
  for (cxscore::touchpoint_code t = 0; t < map.size(); ++t) {
    const auto& tp = map[t];
    owners.insert(tp.owner);
    phases.insert(tp.phase);
    channels.insert(tp.channel);
    has_service = has_service || tp.role == cxscore::role::service;
    EXPECT_TRUE(tp.has_promise()) << tp.name;
    EXPECT_EQ(tp.weight, 1.0) << tp.name << ": the brand does not know the true importances";
  }
  EXPECT_GE(owners.size(), 5u);
  EXPECT_GE(phases.size(), 5u);
  EXPECT_GE(channels.size(), 5u);
  EXPECT_TRUE(has_service);
  EXPECT_GE(map.transition_count(), map.size() - 1);

  const auto delivery = map.find("delivery");
  ASSERT_TRUE(delivery);
  const auto& d = map[*delivery];
  EXPECT_EQ(d.owner, "logistics");
  EXPECT_EQ(d.direction, cxscore::direction::lower);
  EXPECT_EQ(d.scale.lo, 0.0);
  EXPECT_EQ(d.scale.hi, 240.0);
  EXPECT_EQ(d.promise, 48.0);
}

TEST(simulate_test, every_event_validates_and_journeys_are_in_time_order) {
  const auto& b = sample();
  const auto& ev = b.events;
  EXPECT_NO_THROW(cxscore::validate(ev.view(), b.map));
  const double start_2026 = 1767225600.0, start_2027 = 1798761600.0;
  const auto delivery = *b.map.find("delivery");
  std::size_t fractional_hours = 0, deliveries = 0;
  for (std::size_t i = 0; i < ev.size(); ++i) {
    ASSERT_GE(ev.time[i], start_2026);
    ASSERT_LT(ev.time[i], start_2027);
    ASSERT_EQ(ev.time[i], std::floor(ev.time[i])) << "row " << i;
    if (i > 0) {
      ASSERT_LE(ev.customer[i - 1], ev.customer[i]) << "row " << i;
      if (ev.customer[i - 1] == ev.customer[i]) {
        ASSERT_LE(ev.time[i - 1], ev.time[i]) << "row " << i;
      }
    }
    if (ev.touchpoint[i] == delivery) {
      ++deliveries;
      const double tenths = ev.experience[i] * 10;
      ASSERT_NEAR(tenths, std::round(tenths), 1e-9) << "hours have one decimal";
      fractional_hours += ev.experience[i] != std::floor(ev.experience[i]);
    } else if (b.map[ev.touchpoint[i]].direction == cxscore::direction::higher) {
      ASSERT_EQ(ev.experience[i], std::floor(ev.experience[i])) << "ratings are whole points";
    }
  }
  EXPECT_EQ(deliveries, b.customers.size()) << "every customer's order is delivered once";
  EXPECT_GT(fractional_hours, deliveries / 2);
  // Every customer has events, and not every customer visits every touchpoint.
  std::vector<std::set<cxscore::touchpoint_code>> seen(b.customers.size());
  for (std::size_t i = 0; i < ev.size(); ++i) seen[ev.customer[i]].insert(ev.touchpoint[i]);
  std::size_t partial = 0;
  for (const auto& s : seen) {
    ASSERT_FALSE(s.empty());
    partial += s.size() < b.map.size();
  }
  EXPECT_GT(partial, b.customers.size() * 99 / 100);
}

TEST(simulate_test, servqual_items_carry_a_dimension_and_the_customers_own_expectation) {
  const auto& b = sample();
  const auto& ev = b.events;
  const std::set<std::string> servqual{"tangibles", "reliability", "responsiveness", "assurance", "empathy"};
  ASSERT_EQ(ev.dimensions.size(), servqual.size());
  for (const auto& name : ev.dimensions.labels()) EXPECT_TRUE(servqual.contains(name)) << name;
  ASSERT_EQ(ev.expectation.size(), ev.size());
  ASSERT_EQ(ev.dimension.size(), ev.size());
  std::vector<double> rows(servqual.size());
  std::vector<double> gap_sum(servqual.size());
  for (std::size_t i = 0; i < ev.size(); ++i) {
    const std::int32_t d = ev.dimension[i];
    if (d == cxscore::no_dimension) {
      ASSERT_TRUE(std::isnan(ev.expectation[i])) << "row " << i << ": plain rows use the promise";
      continue;
    }
    ASSERT_FALSE(std::isnan(ev.expectation[i])) << "row " << i;
    EXPECT_EQ(b.map[ev.touchpoint[i]].scale.hi, 7.0);
    ++rows[static_cast<std::size_t>(d)];
    gap_sum[static_cast<std::size_t>(d)] += ev.experience[i] - ev.expectation[i];
  }
  for (std::size_t d = 0; d < rows.size(); ++d)
    EXPECT_GT(rows[d], 1000) << ev.dimensions[static_cast<std::uint32_t>(d)];
  // As in most SERVQUAL studies, reliability shows the largest shortfall of perception below expectation.
  const auto reliability = static_cast<std::size_t>(*ev.dimensions.find("reliability"));
  for (std::size_t d = 0; d < rows.size(); ++d) {
    if (d == reliability) continue;
    EXPECT_LT(gap_sum[reliability] / rows[reliability], gap_sum[d] / rows[d])
        << ev.dimensions[static_cast<std::uint32_t>(d)];
  }
}

TEST(simulate_test, service_contacts_follow_unmet_triggers_far_more_often_than_met_ones) {
  const auto& b = sample();
  const auto& ev = b.events;
  ASSERT_FALSE(b.truth.service_triggers.empty());
  // Rows of each customer, to look ahead within a journey.
  std::vector<std::size_t> journey_end(ev.size());
  for (std::size_t i = ev.size(); i-- > 0;)
    journey_end[i] = i + 1 < ev.size() && ev.customer[i + 1] == ev.customer[i] ? journey_end[i + 1] : i + 1;

  for (const auto& trigger : b.truth.service_triggers) {
    const auto from = b.map.find(trigger.touchpoint);
    const auto service = b.map.find(trigger.service);
    ASSERT_TRUE(from && service) << trigger.touchpoint << " -> " << trigger.service;
    ASSERT_EQ(b.map[*service].role, cxscore::role::service);
    ASSERT_EQ(b.map[*from].role, cxscore::role::experience);
    // Per trigger encounter: a contact at its service within two days, and any later service contact.
    double soon[2] = {0, 0}, later[2] = {0, 0}, visits[2] = {0, 0};
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (ev.touchpoint[i] != *from) continue;
      const int k = unmet(b, i) ? 1 : 0;
      ++visits[k];
      bool contact_soon = false, contact_later = false;
      for (std::size_t j = i + 1; j < journey_end[i]; ++j) {
        if (ev.time[j] <= ev.time[i]) continue;
        contact_later = contact_later || b.map[ev.touchpoint[j]].role == cxscore::role::service;
        contact_soon = contact_soon || (ev.touchpoint[j] == *service && ev.time[j] <= ev.time[i] + 2 * day);
      }
      soon[k] += contact_soon;
      later[k] += contact_later;
    }
    ASSERT_GT(visits[0], 1000) << trigger.touchpoint;
    ASSERT_GT(visits[1], 1000) << trigger.touchpoint;
    const double soon_met = soon[0] / visits[0], soon_unmet = soon[1] / visits[1];
    EXPECT_GT(soon_unmet, 4 * soon_met) << trigger.touchpoint;
    EXPECT_GT(later[1] / visits[1], 1.8 * later[0] / visits[0]) << trigger.touchpoint;
    // The recorded truth is what the data shows (a few contacts come from other triggers).
    EXPECT_NEAR(soon_unmet, trigger.rate_unmet, 0.05) << trigger.touchpoint;
    EXPECT_NEAR(soon_met, trigger.rate_met, 0.03) << trigger.touchpoint;
  }
}

TEST(simulate_test, truth_has_distinct_weights_with_delivery_product_and_billing_on_top) {
  const auto& b = sample();
  const auto& w = b.truth.weights;
  ASSERT_EQ(w.size(), b.map.size());
  std::set<double> values;
  for (const auto& [name, weight] : w) {
    EXPECT_TRUE(b.map.find(name)) << name;
    EXPECT_GT(weight, 0.0) << name;
    values.insert(weight);
  }
  EXPECT_EQ(values.size(), w.size()) << "true weights are distinct";
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& [name, weight] : w) ranked.emplace_back(weight, name);
  std::sort(ranked.rbegin(), ranked.rend());
  const std::set<std::string> top{ranked[0].second, ranked[1].second, ranked[2].second};
  EXPECT_EQ(top, (std::set<std::string>{"delivery", "product_use", "billing"}));
  EXPECT_EQ(ranked.back().second, "social_ad");
  EXPECT_EQ(b.truth.alpha, 0.88);
  EXPECT_EQ(b.truth.beta, 0.88);
  EXPECT_EQ(b.truth.lambda, 2.25);
  for (const auto& t : b.truth.service_triggers) EXPECT_GT(t.rate_unmet, 5 * t.rate_met) << t.touchpoint;
}

TEST(simulate_test, customers_have_ordered_labels_segments_and_value_weights) {
  const auto& b = sample();
  const auto& labels = b.events.customers.labels();
  ASSERT_EQ(labels.size(), b.customers.size());
  EXPECT_EQ(labels.front(), "C0000001");
  EXPECT_EQ(labels.back(), "C0020000");
  EXPECT_TRUE(std::is_sorted(labels.begin(), labels.end()));
  EXPECT_EQ(b.customers.segments.labels(), (std::vector<std::string>{"new", "regular", "loyal"}));
  std::vector<std::size_t> per_segment(3);
  std::size_t valuable = 0;
  for (std::size_t c = 0; c < b.customers.size(); ++c) {
    const double w = b.customers.weight[c];
    ASSERT_TRUE(w == 1.0 || w == 2.0 || w == 5.0) << w;
    valuable += w > 1.0;
    ++per_segment.at(b.customers.segment[c]);
  }
  for (std::size_t s = 0; s < 3; ++s) EXPECT_GT(per_segment[s], b.customers.size() / 10);
  EXPECT_GT(valuable, b.customers.size() / 20);
  EXPECT_LT(valuable, b.customers.size() / 2);
}

TEST(simulate_test, outcomes_are_in_range_and_rise_with_the_customer_score) {
  const auto& b = sample();
  const std::size_t n = b.customers.size();
  std::size_t retained = 0;
  for (std::size_t c = 0; c < n; ++c) {
    ASSERT_GE(b.outcomes.nps[c], 0);
    ASSERT_LE(b.outcomes.nps[c], 10);
    retained += b.outcomes.retained[c];
  }
  EXPECT_GT(retained, n * 70 / 100);
  EXPECT_LT(retained, n * 90 / 100);

  cxscore::score_options options;
  options.customers = &b.customers;
  const auto result = cxscore::score(b.events.view(), b.map, cxscore::model::prospect(), options);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return result.customer_score[x] < result.customer_score[y]; });
  auto quartile_means = [&](std::size_t q) {
    double nps = 0, kept = 0;
    for (std::size_t k = q * n / 4; k < (q + 1) * n / 4; ++k) {
      nps += b.outcomes.nps[order[k]];
      kept += b.outcomes.retained[order[k]];
    }
    return std::pair{nps / static_cast<double>(n / 4), kept / static_cast<double>(n / 4)};
  };
  const auto [nps_bottom, kept_bottom] = quartile_means(0);
  const auto [nps_top, kept_top] = quartile_means(3);
  EXPECT_GT(nps_top, nps_bottom + 2.0);
  EXPECT_GT(kept_top, kept_bottom + 0.2);
}

TEST(simulate_test, write_simulation_writes_every_file_and_reads_back) {
  const auto b = cxscore::simulate({.customers = 400, .seed = 5});
  const auto dir = std::filesystem::temp_directory_path() /
                   ("cxscore_simulate_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  cxscore::write_simulation(b, dir / "nested");
  const auto out = dir / "nested";
  for (const char* file : {"map.json", "events.csv", "customers.csv", "outcomes.csv", "truth.json"})
    EXPECT_TRUE(std::filesystem::exists(out / file)) << file;

  const auto customers = read_lines(out / "customers.csv");
  ASSERT_EQ(customers.size(), 401u);
  EXPECT_EQ(customers[0], "customer,weight,segment");
  EXPECT_EQ(customers[1].rfind("C0000001,", 0), 0u);
  const auto outcomes = read_lines(out / "outcomes.csv");
  ASSERT_EQ(outcomes.size(), 401u);
  EXPECT_EQ(outcomes[0], "customer,nps,retained");
  for (std::size_t c = 0; c < 400; ++c) {
    const std::string expected = b.events.customers[static_cast<std::uint32_t>(c)] + "," +
                                 std::to_string(b.outcomes.nps[c]) + (b.outcomes.retained[c] ? ",yes" : ",no");
    ASSERT_EQ(outcomes[c + 1], expected);
  }
  const auto events = read_lines(out / "events.csv");
  ASSERT_EQ(events.size(), b.events.size() + 1);
  EXPECT_EQ(events[0], "customer,touchpoint,time,experience,expectation,dimension");

  const std::string truth = read_all(out / "truth.json");
  for (const char* key : {"\"weights\"", "\"alpha\"", "\"beta\"", "\"lambda\"", "\"service_triggers\"",
                          "\"service_trigger_touchpoints\"", "\"rate_unmet\"", "\"delivery\""})
    EXPECT_NE(truth.find(key), std::string::npos) << key;

  // The files read back to the same brand.
  const auto map = cxscore::read_map_json(out / "map.json");
  ASSERT_EQ(map.size(), b.map.size());
  const auto read = cxscore::read_events_csv(out / "events.csv", map);
  ASSERT_EQ(read.events.size(), b.events.size());
  EXPECT_TRUE(read.rejected.empty());
  EXPECT_EQ(read.events.customers.labels(), b.events.customers.labels());
  EXPECT_EQ(read.events.touchpoint, b.events.touchpoint);
  EXPECT_EQ(read.events.time, b.events.time);
  EXPECT_EQ(read.events.experience, b.events.experience);
  ASSERT_EQ(read.events.expectation.size(), b.events.size());
  for (std::size_t i = 0; i < b.events.size(); ++i) {
    const double x = read.events.expectation[i], y = b.events.expectation[i];
    ASSERT_TRUE((std::isnan(x) && std::isnan(y)) || x == y) << "row " << i;
    const std::int32_t dx = read.events.dimension[i], dy = b.events.dimension[i];
    ASSERT_EQ(dx == cxscore::no_dimension ? std::string() : read.events.dimensions[static_cast<std::uint32_t>(dx)],
              dy == cxscore::no_dimension ? std::string() : b.events.dimensions[static_cast<std::uint32_t>(dy)]);
  }
  std::filesystem::remove_all(dir);
}

TEST(simulate_test, write_simulation_reports_an_unwritable_directory) {
  const auto b = cxscore::simulate({.customers = 10});
  const auto blocker = std::filesystem::temp_directory_path() / "cxscore_simulate_test_blocker";
  std::ofstream(blocker) << "a file, not a directory";
  EXPECT_ANY_THROW(cxscore::write_simulation(b, blocker / "out"));
  std::filesystem::remove(blocker);
}

}  // namespace
