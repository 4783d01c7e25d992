// Summaries as bytes: a round trip gives the same bits, pieces decoded from bytes merge into the one-pass
// answer, and every malformed buffer is refused with an input_error naming the field.
#include "cxscore/summary_bytes.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "internal/summary_byte_fields.hpp"
#include "support/random_events.hpp"

namespace {

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

void expect_same_bits(const cxscore::group_summary& a, const cxscore::group_summary& b) {
  EXPECT_EQ(a.count, b.count);
  EXPECT_EQ(bits(a.weight), bits(b.weight));
  EXPECT_EQ(bits(a.gap_sum), bits(b.gap_sum));
  EXPECT_EQ(bits(a.value_sum), bits(b.value_sum));
  EXPECT_EQ(bits(a.unmet_weight), bits(b.unmet_weight));
  EXPECT_EQ(bits(a.contribution_sum), bits(b.contribution_sum));
  EXPECT_EQ(bits(a.impact_sum), bits(b.impact_sum));
}

void expect_close(double got, double want) { EXPECT_NEAR(got, want, 1e-12 * std::max(1.0, std::abs(want))); }

cxscore::score_summaries example() {
  cxscore::score_summaries s;
  s.lambda = 2.25;
  s.touchpoints.resize(3);
  s.segments.resize(2);
  s.touchpoints[0].add(1.0, -0.25, -0.6, 0.5);
  s.touchpoints[2].add(2.0, 0.1, 0.13, 1.0 / 3);  // 1/3 and 0.13 have no short binary form
  s.segments[1].add(0.5, -1.0, -2.25, 1.0);
  s.brand = {.customers = 2, .events = 3, .customer_weight = 3.5, .journey_score_sum = -0.1, .score_sum = 0.7};
  return s;
}

/// Expects `bytes` to be refused with an input_error about `column`.
void expect_refused(const std::string& bytes, const std::string& column) {
  try {
    (void)cxscore::score_summaries_from_bytes(bytes);
    ADD_FAILURE() << "accepted bytes with a bad " << column;
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "<summary bytes>");
    EXPECT_EQ(e.where().column, column) << e.what();
  }
}

TEST(summary_bytes_test, round_trip_gives_the_same_bits) {
  const cxscore::score_summaries s = example();
  const std::string bytes = cxscore::to_bytes(s);
  // 16 header bytes + λ, brand (5 fields) and two counts (8 bytes each) + 5 groups of 7 fields.
  EXPECT_EQ(bytes.size(), 16u + 8 * 8 + 5 * 56);
  EXPECT_EQ(bytes.substr(0, 4), "CXSB");
  const cxscore::score_summaries back = cxscore::score_summaries_from_bytes(bytes);
  EXPECT_EQ(bits(back.lambda), bits(s.lambda));
  EXPECT_EQ(back.brand.customers, s.brand.customers);
  EXPECT_EQ(back.brand.events, s.brand.events);
  EXPECT_EQ(bits(back.brand.customer_weight), bits(s.brand.customer_weight));
  EXPECT_EQ(bits(back.brand.journey_score_sum), bits(s.brand.journey_score_sum));
  EXPECT_EQ(bits(back.brand.score_sum), bits(s.brand.score_sum));
  ASSERT_EQ(back.touchpoints.size(), 3u);
  ASSERT_EQ(back.segments.size(), 2u);
  for (std::size_t t = 0; t < 3; ++t) expect_same_bits(back.touchpoints[t], s.touchpoints[t]);
  for (std::size_t k = 0; k < 2; ++k) expect_same_bits(back.segments[k], s.segments[k]);
  EXPECT_EQ(cxscore::to_bytes(back), bytes);
}

TEST(summary_bytes_test, fields_are_little_endian) {
  cxscore::score_summaries s;
  s.lambda = 1.0;  // 0x3FF0000000000000
  const std::string bytes = cxscore::to_bytes(s);
  EXPECT_EQ(static_cast<unsigned char>(bytes[4]), cxscore::summary_format_version);  // version, low byte first
  EXPECT_EQ(static_cast<unsigned char>(bytes[6]), 1);                                // kind score
  EXPECT_EQ(static_cast<unsigned char>(bytes[8]), 64);                               // payload: 8 fields of 8 bytes
  EXPECT_EQ(static_cast<unsigned char>(bytes[16 + 6]), 0xF0);
  EXPECT_EQ(static_cast<unsigned char>(bytes[16 + 7]), 0x3F);
}

TEST(summary_bytes_test, pieces_decoded_from_bytes_merge_into_the_one_pass_result) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    const cxscore_test::random_events e(rng, 0.3, 15, 1, 80);
    cxscore::customer_table customers(e.customers);
    for (std::uint32_t c = 0; c < e.customers; ++c) customers.set(c, 0.5 * static_cast<double>(1 + c % 3), "gold");
    cxscore::model m = cxscore::model::prospect();
    m.peak_end = 0.3;
    const cxscore::score_options options{.customers = &customers, .threads = 1};
    const cxscore::score_result one = cxscore::score(e.view(), e.map, m, options);

    // Three parts, customer c in part c % 3, each scored on its own and sent as bytes.
    std::vector<std::string> sent;
    for (std::uint32_t part = 0; part < 3; ++part) {
      cxscore_test::random_events p = e;
      p.customer.clear(), p.touchpoint.clear(), p.time.clear(), p.experience.clear(), p.expectation.clear();
      for (std::size_t i = 0; i < e.customer.size(); ++i)
        if (e.customer[i] % 3 == part) {
          p.customer.push_back(e.customer[i]);
          p.touchpoint.push_back(e.touchpoint[i]);
          p.time.push_back(e.time[i]);
          p.experience.push_back(e.experience[i]);
          p.expectation.push_back(e.expectation[i]);
        }
      sent.push_back(cxscore::to_bytes(cxscore::summaries_of(cxscore::score(p.view(), p.map, m, options))));
    }
    cxscore::score_summaries merged = cxscore::score_summaries_from_bytes(sent[0]);
    for (std::size_t k = 1; k < sent.size(); ++k) merged.merge(cxscore::score_summaries_from_bytes(sent[k]));

    const cxscore::score_result r = cxscore::result_of(merged);
    EXPECT_EQ(r.brand.customers, one.brand.customers);
    EXPECT_EQ(r.brand.events, one.brand.events);
    expect_close(r.brand_score(), one.brand_score());
    expect_close(r.mean_customer_score(), one.mean_customer_score());
    ASSERT_EQ(r.touchpoints.size(), one.touchpoints.size());
    for (std::size_t t = 0; t < r.touchpoints.size(); ++t) {
      EXPECT_EQ(r.touchpoints[t].count, one.touchpoints[t].count);
      expect_close(r.touchpoints[t].gap_sum, one.touchpoints[t].gap_sum);
      expect_close(r.touchpoints[t].unmet_weight, one.touchpoints[t].unmet_weight);
      expect_close(r.contribution_points(r.touchpoints[t]), one.contribution_points(one.touchpoints[t]));
      expect_close(r.impact_points(r.touchpoints[t]), one.impact_points(one.touchpoints[t]));
    }
    ASSERT_EQ(r.segments.size(), one.segments.size());
    for (std::size_t k = 0; k < r.segments.size(); ++k) {
      EXPECT_EQ(r.segments[k].count, one.segments[k].count);
      expect_close(r.segments[k].value_sum, one.segments[k].value_sum);
    }
  }
}

TEST(summary_bytes_test, a_wrong_magic_is_refused) {
  std::string bytes = cxscore::to_bytes(example());
  bytes[0] = 'P';
  expect_refused(bytes, "magic");
}

TEST(summary_bytes_test, another_format_version_is_refused) {
  std::string bytes = cxscore::to_bytes(example());
  bytes[4] = static_cast<char>(cxscore::summary_format_version + 1);
  expect_refused(bytes, "version");
}

TEST(summary_bytes_test, another_kind_is_refused) {
  std::string bytes = cxscore::to_bytes(example());
  bytes[6] = 7;
  expect_refused(bytes, "kind");
}

TEST(summary_bytes_test, a_truncated_or_oversized_buffer_is_refused) {
  const std::string bytes = cxscore::to_bytes(example());
  expect_refused("", "header");
  expect_refused(bytes.substr(0, 15), "header");
  expect_refused(bytes.substr(0, bytes.size() - 1), "size");
  expect_refused(bytes + '\0', "size");
}

TEST(summary_bytes_test, a_reader_refuses_a_field_the_bytes_end_inside) {
  const std::string seven(7, '\x01');
  cxscore::detail::byte_reader r(seven);
  EXPECT_EQ(r.u16(), 0x0101u);
  EXPECT_THROW((void)r.u64(), cxscore::input_error);  // 5 bytes left of an 8-byte field
  EXPECT_EQ(r.left(), 5u);                            // the refused read moved nothing
  EXPECT_THROW((void)r.text(6), cxscore::input_error);
  EXPECT_EQ(r.text(5), std::string(5, '\x01'));
  EXPECT_EQ(r.left(), 0u);
}

TEST(summary_bytes_test, counts_that_disagree_with_the_payload_are_refused) {
  std::string bytes = cxscore::to_bytes(example());
  bytes[16 + 6 * 8] = 4;  // 4 touchpoints announced where the payload holds 3 (+ 2 segments)
  expect_refused(bytes, "size");
  bytes[16 + 6 * 8] = static_cast<char>(0xFF);  // a forged count near 2^64 must not allocate
  for (std::size_t k = 1; k < 8; ++k) bytes[16 + 6 * 8 + k] = static_cast<char>(0xFF);
  expect_refused(bytes, "size");
}

}  // namespace
