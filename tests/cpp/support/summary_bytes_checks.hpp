#pragma once
// Checks shared by the tests of summaries' byte forms: a refusal naming its field, and a payload field forged.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "cxscore/error.hpp"
#include "cxscore/summary_bytes.hpp"

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

/// Expects `decode` to refuse `bytes` (a valid form) with a wrong magic, version or kind (`other`), cut inside
/// the header, cut by a byte, or a byte longer.
template <class Decode>
void expect_header_refusals(Decode decode, const std::string& bytes, cxscore::summary_kind other) {
  std::string wrong = bytes;
  wrong[0] = 'P';
  expect_refused_by(decode, wrong, "magic");
  wrong = bytes;
  wrong[4] = static_cast<char>(cxscore::summary_format_version + 1);
  expect_refused_by(decode, wrong, "version");
  wrong = bytes;
  wrong[6] = static_cast<char>(other);
  expect_refused_by(decode, wrong, "kind");
  expect_refused_by(decode, bytes.substr(0, 15), "header");
  expect_refused_by(decode, bytes.substr(0, bytes.size() - 1), "size");
  expect_refused_by(decode, bytes + '\0', "size");
}

/// `bytes` with the u64 at payload offset `at` (after the 16 header bytes) replaced by `x`.
[[nodiscard]] inline std::string with_field(std::string bytes, std::size_t at, std::uint64_t x) {
  for (std::size_t k = 0; k < 8; ++k) bytes[16 + at + k] = static_cast<char>((x >> (8 * k)) & 0xFFu);
  return bytes;
}

}  // namespace cxscore_test
