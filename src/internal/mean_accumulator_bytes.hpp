#pragma once
/// A mean_accumulator as two fixed-width fields (sum f64, count u64), shared by the journeys' byte forms.
#include <cmath>
#include <cstdint>
#include <string>

#include "cxscore/journeys/directly_follows.hpp"
#include "internal/summary_byte_fields.hpp"

namespace cxscore::detail {

inline constexpr std::size_t mean_accumulator_bytes = 2 * summary_field_bytes;

inline void write_mean(byte_writer& w, const mean_accumulator& m) {
  w.f64(m.sum);
  w.u64(m.count);
}

/// Reads a mean of at most `most` values (the count of what it averages); refuses a sum that is not finite
/// (add() never makes one) and a count above `most`.
inline mean_accumulator read_mean(byte_reader& r, std::uint64_t most, const std::string& field) {
  mean_accumulator m;
  m.sum = r.f64();
  m.count = r.u64();
  if (!std::isfinite(m.sum)) refuse_summary_bytes(field, std::to_string(m.sum), "a sum that is not finite");
  if (m.count > most)
    refuse_summary_bytes(
        field, std::to_string(m.count),
        "a mean of " + std::to_string(m.count) + " values where at most " + std::to_string(most) + " were counted");
  if (m.count == 0 && m.sum != 0) refuse_summary_bytes(field, std::to_string(m.sum), "a sum of no values");
  return m;
}

}  // namespace cxscore::detail
