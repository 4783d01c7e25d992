// Service-attribution counts as bytes: a round trip gives the same bits, the counts of customer parts decoded
// and merged equal the one-pass counts exactly (and so do the brand figure fitted once from them and the
// table), and every malformed buffer is refused with an input_error naming the field, before allocating.
#include "cxscore/io/service_bytes.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "cxscore/sim/simulate.hpp"
#include "cxscore/summary_bytes.hpp"
#include "support/customer_parts.hpp"
#include "support/summary_bytes_checks.hpp"

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

cxscore::service_attribution example() {
  cxscore::service_attribution a;
  a.window_days = 1.5;
  a.z = 1.96;
  a.first_time = 1767225600.25;
  a.last_time = 1769904000.0 / 3;  // no short binary form
  a.by_touchpoint.resize(2);
  a.contacts_by_service = {3, 0};
  a.service_contacts = 3;
  a.by_touchpoint[1] = {.unmet_visits = 4,
                        .met_visits = 5,
                        .contacts_after_unmet = 2,
                        .contacts_after_met = 1,
                        .visitors = 6,
                        .unmet_customers = 3};
  a.covers[{3, 1}] = 2;        // touchpoint 1 unmet, one visit
  a.covers[{2, 1, 3, 2}] = 1;  // touchpoint 1 met once and unmet twice
  return a;
}

void expect_same_counts(const cxscore::service_attribution& a, const cxscore::service_attribution& b) {
  EXPECT_EQ(bits(a.window_days), bits(b.window_days));
  EXPECT_EQ(bits(a.z), bits(b.z));
  EXPECT_EQ(bits(a.first_time), bits(b.first_time));
  EXPECT_EQ(bits(a.last_time), bits(b.last_time));
  EXPECT_EQ(a.service_contacts, b.service_contacts);
  EXPECT_EQ(a.contacts_by_service, b.contacts_by_service);
  ASSERT_EQ(a.by_touchpoint.size(), b.by_touchpoint.size());
  for (std::size_t t = 0; t < a.by_touchpoint.size(); ++t) {
    const auto &x = a.by_touchpoint[t], &y = b.by_touchpoint[t];
    EXPECT_EQ(x.unmet_visits, y.unmet_visits);
    EXPECT_EQ(x.met_visits, y.met_visits);
    EXPECT_EQ(x.contacts_after_unmet, y.contacts_after_unmet);
    EXPECT_EQ(x.contacts_after_met, y.contacts_after_met);
    EXPECT_EQ(x.visitors, y.visitors);
    EXPECT_EQ(x.unmet_customers, y.unmet_customers);
  }
  EXPECT_EQ(a.covers, b.covers);
}

void expect_refused(const std::string& bytes, const std::string& column) {
  cxscore_test::expect_refused_by(cxscore::service_attribution_from_bytes, bytes, column);
}

using cxscore_test::with_field;

constexpr std::size_t field = 8;  // one fixed-width field's bytes

TEST(service_bytes_test, round_trip_gives_the_same_bits) {
  const cxscore::service_attribution a = example();
  const std::string bytes = cxscore::to_bytes(a);
  // 16 header bytes + 7 fixed fields + 2 touchpoints of 7 fields + covers of (1 + 2 + 1) and (1 + 4 + 1) fields.
  EXPECT_EQ(bytes.size(), 16u + field * (7 + 14 + 4 + 6));
  EXPECT_EQ(static_cast<unsigned char>(bytes[6]), static_cast<unsigned>(cxscore::summary_kind::service));
  const cxscore::service_attribution back = cxscore::service_attribution_from_bytes(bytes);
  expect_same_counts(back, a);
  EXPECT_EQ(cxscore::to_bytes(back), bytes);
  // The covers in key order: {2, 1, 3, 2} before {3, 1}.
  EXPECT_EQ(static_cast<unsigned char>(bytes[16 + field * 21]), 2);  // the first cover's pairs
}

TEST(service_bytes_test, customer_parts_merged_equal_one_pass_and_the_brand_figure_fitted_once) {
  const auto brand = cxscore::simulate({.customers = 1500, .seed = 11});
  for (const double window : {2.0, 0.5, std::numeric_limits<double>::infinity()}) {
    const cxscore::service_options options{.window_days = window, .threads = 1};
    const auto one = cxscore::attribute_service_demand(brand.events.view(), brand.map, options);
    ASSERT_GT(one.covers.size(), 10u);
    std::vector<std::string> sent;
    for (std::uint32_t part = 0; part < 5; ++part) {
      const auto piece = cxscore_test::customer_part(brand.events, part, 5);
      sent.push_back(cxscore::to_bytes(cxscore::count_service_demand(piece.view(), brand.map, options)));
    }
    auto merged = cxscore::service_attribution_from_bytes(sent[3]);  // any order gives the same counts
    for (const std::size_t k : {0u, 4u, 1u, 2u}) merged.merge(cxscore::service_attribution_from_bytes(sent[k]));
    expect_same_counts(merged, one);
    const auto finished = cxscore::explain_brand_share(std::move(merged));
    EXPECT_EQ(bits(finished.brand.explained_contacts), bits(one.brand.explained_contacts));
    EXPECT_EQ(bits(finished.brand.standard_error), bits(one.brand.standard_error));
    EXPECT_EQ(bits(finished.brand.share_ci_low()), bits(one.brand.share_ci_low()));
    const auto want = one.ranked(), got = finished.ranked();
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < got.size(); ++k) {
      EXPECT_EQ(got[k].touchpoint, want[k].touchpoint);
      EXPECT_EQ(bits(got[k].caused_contacts), bits(want[k].caused_contacts));
      EXPECT_EQ(bits(got[k].ci_low), bits(want[k].ci_low));
    }
  }
}

TEST(service_bytes_test, counts_of_another_shape_window_or_z_do_not_merge) {
  auto a = example();
  auto other = example();
  other.window_days = 2;
  EXPECT_THROW(a.merge(other), cxscore::input_error);
  other = example();
  other.z = 2.58;
  EXPECT_THROW(a.merge(other), cxscore::input_error);
  other = example();
  other.by_touchpoint.resize(3);
  other.contacts_by_service.resize(3);
  EXPECT_THROW(a.merge(other), cxscore::input_error);
  EXPECT_EQ(a.service_contacts, 3u);  // refused before anything was added
}

TEST(service_bytes_test, a_wrong_header_is_refused) {
  const std::string bytes = cxscore::to_bytes(example());
  cxscore_test::expect_header_refusals(cxscore::service_attribution_from_bytes, bytes, cxscore::summary_kind::windows);
  EXPECT_THROW((void)cxscore::score_summaries_from_bytes(bytes), cxscore::input_error);  // not score's either
}

TEST(service_bytes_test, forged_counts_are_refused_before_allocating) {
  const std::string bytes = cxscore::to_bytes(example());
  expect_refused(with_field(bytes, field * 5, ~std::uint64_t{0}), "size");         // touchpoints near 2^64
  expect_refused(with_field(bytes, field * 6, ~std::uint64_t{0}), "size");         // covers near 2^64
  expect_refused(with_field(bytes, field * 6, 3), "size");                         // a cover more than follows
  expect_refused(with_field(bytes, field * 21, ~std::uint64_t{0} / 2), "covers");  // a cover's pairs near 2^63
  expect_refused(with_field(bytes, field * 6, 1), "size");                         // a cover fewer: bytes left over
}

TEST(service_bytes_test, counts_no_counting_gives_are_refused) {
  const std::string bytes = cxscore::to_bytes(example());
  expect_refused(with_field(bytes, 0, std::bit_cast<std::uint64_t>(0.0)), "window_days");
  expect_refused(with_field(bytes, 8, std::bit_cast<std::uint64_t>(std::numeric_limits<double>::quiet_NaN())), "z");
  expect_refused(with_field(bytes, field * 4, 4), "service_contacts");  // not the touchpoints' 3
  expect_refused(with_field(bytes, field * 22, 4), "covers");           // category 4 of 2 touchpoints
  expect_refused(with_field(bytes, field * 24, 2), "covers");           // categories 2, 2: not ascending
  expect_refused(with_field(bytes, field * 23, 0), "covers");           // no visits
  expect_refused(with_field(bytes, field * 23, std::uint64_t{1} << 32), "covers");
  expect_refused(with_field(bytes, field * 26, 0), "covers");  // a cover of no contacts
  expect_refused(with_field(bytes, field * 30, 3), "covers");  // 4 contacts covered of 3
  // The two covers written in descending key order: refused, as a map would merge or reorder them.
  const std::string descending =
      bytes.substr(0, 16 + field * 21) + bytes.substr(16 + field * 27) + bytes.substr(16 + field * 21, field * 6);
  expect_refused(descending, "covers");
}

}  // namespace
