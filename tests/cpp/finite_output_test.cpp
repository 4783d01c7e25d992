// The "finite or refused" rule for numbers in outputs (internal/finite_output.hpp, internal/csv_writer.hpp).
#include "internal/finite_output.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "internal/csv_writer.hpp"

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

TEST(finite_output_test, fixed_text_rounds_like_printf) {
  EXPECT_EQ(cxscore::detail::fixed_text(45.94, 1), "45.9");
  EXPECT_EQ(cxscore::detail::fixed_text(0.125, 2), "0.12");  // 0.125 is exact: ties go to even, as printf
  EXPECT_EQ(cxscore::detail::fixed_text(-1.5, 0), "-2");
  EXPECT_EQ(cxscore::detail::fixed_text(0.03125, 4, true), "+0.0312");
  EXPECT_EQ(cxscore::detail::fixed_text(-0.03125, 4, true), "-0.0312");
  EXPECT_EQ(cxscore::detail::fixed_text(0.0, 1, true), "+0.0");
  EXPECT_EQ(cxscore::detail::fixed_text(1e9, 1), "1000000000.0");
  EXPECT_EQ(cxscore::detail::fixed_text(-1.7976931348623157e308, 0).size(), 310u);  // a sign and 309 digits
  EXPECT_EQ(cxscore::detail::percent_text(0.291, 0), "29%");
  EXPECT_EQ(cxscore::detail::percent_text(0.1234, 1), "12.3%");
  // A value that rounds to zero has no direction (an owner with no loss: -0.0 of the brand's loss).
  EXPECT_EQ(cxscore::detail::percent_text(-0.0, 0), "0%");
  EXPECT_EQ(cxscore::detail::fixed_text(-0.0004, 1), "0.0");
  EXPECT_EQ(cxscore::detail::fixed_text(-0.0004, 1, true), "+0.0");
  EXPECT_EQ(cxscore::detail::fixed_text(-0.04, 0), "0");
  EXPECT_EQ(cxscore::detail::fixed_text(-0.05001, 1), "-0.1");
}

TEST(finite_output_test, a_non_finite_number_reaching_text_is_an_internal_error) {
  for (double bad : {nan, -nan, inf, -inf}) {
    EXPECT_THROW((void)cxscore::detail::fixed_text(bad, 1), std::logic_error);
    EXPECT_THROW((void)cxscore::detail::fixed_text(bad, 1, true), std::logic_error);
    EXPECT_THROW((void)cxscore::detail::percent_text(bad, 0), std::logic_error);
  }
  // 1e307 as a percentage overflows to inf: refused, not printed.
  EXPECT_THROW((void)cxscore::detail::percent_text(1e307, 0), std::logic_error);
}

TEST(finite_output_test, csv_numbers_nan_is_an_empty_cell_and_inf_is_never_written) {
  std::string out;
  cxscore::detail::append_number_fields(out, 0.5, nan, std::uint64_t{3});
  EXPECT_EQ(out, ",0.5,,3");
  for (double bad : {inf, -inf}) {
    std::string row = "x";
    EXPECT_THROW(cxscore::detail::append_number(row, bad), std::logic_error);
    EXPECT_EQ(row, "x") << "nothing written";
  }
}

// Not a number, but the same writer: since the reader trims unquoted fields, an id with blanks at an end
// is quoted so that it reads back as written.
TEST(finite_output_test, csv_fields_with_blanks_at_an_end_are_quoted) {
  std::string out;
  for (const char* field : {"a", " a", "a ", "\ta", "a b", "a,b", ""}) {
    cxscore::detail::append_csv_field(out, field);
    out += '|';
  }
  EXPECT_EQ(out, "a|\" a\"|\"a \"|\"\ta\"|a b|\"a,b\"||");
}

}  // namespace
