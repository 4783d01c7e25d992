#pragma once
// Checks shared by the tests of summaries' byte forms: a refusal naming its field, and a payload field forged.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "cxscore/error.hpp"

namespace cxscore_test {

/// Expects `decode(bytes)` to be refused with an input_error about `column` of "<summary bytes>".
template <class Decode>
void expect_refused_by(Decode decode, const std::string& bytes, const std::string& column) {
  try {
    (void)decode(bytes);
    ADD_FAILURE() << "accepted bytes with a bad " << column;
  } catch (const cxscore::input_error& e) {
    EXPECT_EQ(e.where().file, "<summary bytes>");
    EXPECT_EQ(e.where().column, column) << e.what();
  }
}

/// `bytes` with the u64 at payload offset `at` (after the 16 header bytes) replaced by `x`.
[[nodiscard]] inline std::string with_field(std::string bytes, std::size_t at, std::uint64_t x) {
  for (std::size_t k = 0; k < 8; ++k) bytes[16 + at + k] = static_cast<char>((x >> (8 * k)) & 0xFFu);
  return bytes;
}

}  // namespace cxscore_test
