// Property: lenient mode on an events file with k planted bad rows rejects exactly those k rows (by
// record number) and reads and scores the rest exactly as strict mode reads and scores the same file
// without them; strict mode on the planted file refuses the first planted row. Random files, random
// bad rows of eight kinds, at random places (the first data row and the last included).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/json.hpp"
#include "cxscore/score.hpp"

namespace {

const cxscore::journey_map& shop_map() {
  static const cxscore::journey_map map = cxscore::parse_map_json(R"({
    "scale": [1, 5],
    "touchpoints": [
      {"name": "website", "promise": 4},
      {"name": "delivery", "scale": [0, 240], "direction": "lower", "promise": 48, "weight": 2},
      {"name": "courier", "scale": [1, 7]},
      {"name": "support", "role": "service", "promise": 4, "weight": 1.5}]})");
  return map;
}

std::string good_row(std::mt19937_64& rng) {
  static const char* const names[] = {"website", "delivery", "courier", "support"};
  const std::size_t t = rng() % 4;
  const std::string customer = "c" + std::to_string(rng() % 9);
  const long seconds = 1772323200L + 900L * static_cast<long>(rng() % 2000);
  // Either epoch seconds or ISO 8601 with an offset; both read to the same kind of number.
  std::string time = std::to_string(seconds);
  if (rng() % 2)
    time = "2026-03-0" + std::to_string(1 + rng() % 9) + "T1" + std::to_string(rng() % 10) + ":15:00+01:00";
  std::string experience, expectation;
  if (t == 1) {
    experience = std::to_string(rng() % 241);
  } else {
    experience = std::to_string(1 + rng() % (t == 2 ? 7 : 5));
  }
  // courier has no promise, so every courier row brings its own expectation.
  if (t == 2 || rng() % 3 == 0) expectation = std::to_string(t == 1 ? 12 + rng() % 100 : 1 + rng() % 5);
  const std::string dimension = rng() % 4 == 0 ? "reliability" : "";
  return customer + "," + names[t] + "," + time + "," + experience + "," + expectation + "," + dimension + "\n";
}

std::string bad_row(std::mt19937_64& rng) {
  const std::string customer = "c" + std::to_string(rng() % 9);
  switch (rng() % 8) {
    case 0: return customer + ",nowhere,1772323200,4,,\n";     // touchpoint not in the map
    case 1: return customer + ",website,not-a-time,4,,\n";     // unparsable time
    case 2: return customer + ",website,1772323200,abc,,\n";   // experience not a number
    case 3: return customer + ",website,1772323200,9,,\n";     // outside the scale [1, 5]
    case 4: return customer + ",website\n";                    // too few cells
    case 5: return customer + ",courier,1772323200,5,,\n";     // no expectation and no promise
    case 6: return customer + ",delivery,1772323200,10,x,\n";  // expectation not a number
    default: return ",website,1772323200,4,,\n";               // empty customer id
  }
}

void expect_same_bits(const std::vector<double>& got, const std::vector<double>& want, const char* what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_EQ(std::bit_cast<std::uint64_t>(got[i]), std::bit_cast<std::uint64_t>(want[i])) << what << " " << i;
}

class lenient_property : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(lenient_property, rejects_exactly_the_planted_rows_and_scores_the_rest_as_strict_mode) {
  std::mt19937_64 rng(GetParam());
  const std::string header = "customer,touchpoint,time,experience,expectation,dimension\n";
  const std::size_t good = 1 + rng() % 60, k = 1 + rng() % 6;
  std::vector<bool> is_bad(good + k, false);
  for (std::size_t placed = 0; placed < k;) {
    std::size_t at = rng() % (good + k);
    if (placed == 0 && GetParam() % 3 == 0) at = 0;             // the first data row
    if (placed == 0 && GetParam() % 3 == 1) at = good + k - 1;  // the last
    if (!is_bad[at]) is_bad[at] = true, ++placed;
  }
  std::string planted = header, clean = header;
  std::vector<std::size_t> bad_records;  // record numbers: the header is record 1
  for (std::size_t i = 0; i < is_bad.size(); ++i) {
    if (is_bad[i]) {
      planted += bad_row(rng);
      bad_records.push_back(i + 2);
    } else {
      const std::string row = good_row(rng);
      planted += row;
      clean += row;
    }
  }
  const cxscore::journey_map& map = shop_map();

  const auto lenient = cxscore::parse_events_csv(planted, map, {.lenient = true});
  std::vector<std::size_t> rejected;
  for (const auto& r : lenient.rejected) rejected.push_back(r.row);
  EXPECT_EQ(rejected, bad_records) << planted;

  try {
    (void)cxscore::parse_events_csv(planted, map);
    ADD_FAILURE() << "strict mode read a file with bad rows";
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().row, bad_records.front());
  }

  const auto strict = cxscore::parse_events_csv(clean, map);
  ASSERT_EQ(lenient.events.size(), strict.events.size());
  EXPECT_EQ(lenient.events.customers.labels(), strict.events.customers.labels());
  EXPECT_EQ(lenient.events.customer, strict.events.customer);
  EXPECT_EQ(lenient.events.touchpoint, strict.events.touchpoint);
  expect_same_bits(lenient.events.time, strict.events.time, "time");
  expect_same_bits(lenient.events.experience, strict.events.experience, "experience");
  expect_same_bits(lenient.events.expectation, strict.events.expectation, "expectation");

  cxscore::model m = cxscore::model::prospect();
  m.half_life_days = 5;
  m.peak_end = 0.3;
  m.recovery = 0.5;
  const auto a = cxscore::score(lenient.events.view(), map, m, {.threads = 1});
  const auto b = cxscore::score(strict.events.view(), map, m, {.threads = 1});
  expect_same_bits(a.customer_score, b.customer_score, "customer score");
  EXPECT_EQ(std::bit_cast<std::uint64_t>(a.brand.score_sum), std::bit_cast<std::uint64_t>(b.brand.score_sum));
  EXPECT_EQ(a.brand.events, b.brand.events);
}

INSTANTIATE_TEST_SUITE_P(seeds, lenient_property, ::testing::Range<std::uint64_t>(1, 61));

}  // namespace
