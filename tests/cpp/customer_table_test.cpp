// Per-customer weight psi and segment.
#include "cxscore/customer_table.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace {

TEST(customer_table_test, defaults_to_weight_one_and_the_unassigned_segment) {
  const cxscore::customer_table c(3);
  EXPECT_EQ(c.size(), 3u);
  EXPECT_EQ(c.weight, (std::vector<double>{1.0, 1.0, 1.0}));
  EXPECT_EQ(c.segment, (std::vector<std::uint32_t>{0, 0, 0}));
  ASSERT_EQ(c.segments.size(), 1u);
  EXPECT_EQ(c.segments[0], cxscore::unassigned_segment);
}

TEST(customer_table_test, set_assigns_weight_and_encodes_segments_in_order) {
  cxscore::customer_table c(4);
  c.set(2, 5.0, "gold");
  c.set(0, 0.5, "silver");
  c.set(3, 2.0, "gold");
  EXPECT_EQ(c.weight, (std::vector<double>{0.5, 1.0, 5.0, 2.0}));
  // "unassigned" = 0 came first, then gold = 1, silver = 2.
  EXPECT_EQ(c.segments.labels(), (std::vector<std::string>{"unassigned", "gold", "silver"}));
  EXPECT_EQ(c.segment, (std::vector<std::uint32_t>{2, 0, 1, 1}));
  // Re-assigning a customer moves it; the segment list keeps its codes.
  c.set(2, 1.0, "unassigned");
  EXPECT_EQ(c.segment[2], 0u);
  EXPECT_EQ(c.weight[2], 1.0);
  EXPECT_EQ(c.segments.size(), 3u);
}

TEST(customer_table_test, default_constructed_table_is_empty) {
  const cxscore::customer_table c;
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.segments.size(), 0u);
  // A table for zero customers still knows the unassigned segment.
  const cxscore::customer_table z(0);
  EXPECT_EQ(z.size(), 0u);
  EXPECT_EQ(z.segments.size(), 1u);
}

}  // namespace
