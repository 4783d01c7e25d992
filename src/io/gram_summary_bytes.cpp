#include "cxscore/io/gram_summary_bytes.hpp"

#include <cstdint>

#include "internal/summary_byte_fields.hpp"

namespace cxscore {
namespace {

constexpr std::size_t f64_bytes = detail::summary_field_bytes;
// More columns than this cannot be a key-driver table (lmg takes at most 30 drivers); bounding the count first
// keeps c × c from overflowing whatever a forged header says.
constexpr std::uint64_t most_columns = std::uint64_t{1} << 20;

void write_values(detail::byte_writer& w, const double* values, Eigen::Index count) {
  for (Eigen::Index k = 0; k < count; ++k) w.f64(values[k]);
}

void read_values(detail::byte_reader& r, double* values, Eigen::Index count) {
  for (Eigen::Index k = 0; k < count; ++k) values[k] = r.f64();
}

}  // namespace

std::string to_bytes(const gram_summary& g) {
  detail::byte_writer w;
  w.u64(g.m_n);
  w.u64(static_cast<std::uint64_t>(g.columns()));
  if (g.m_n > 0) write_values(w, g.m_shift.data(), g.m_shift.size());
  write_values(w, g.m_sum.data(), g.m_sum.size());
  write_values(w, g.m_cross.data(), g.m_cross.size());
  return detail::with_summary_header(summary_kind::gram, std::move(w).take());
}

gram_summary gram_summary_from_bytes(std::string_view bytes) {
  detail::byte_reader r = detail::summary_payload_of(bytes, summary_kind::gram);
  if (r.left() < 2 * f64_bytes)
    detail::refuse_summary_bytes("size", std::to_string(r.left()), "too short for a Gram summary");
  const std::uint64_t n = r.u64();
  const std::uint64_t columns = r.u64();
  if (columns > most_columns)
    detail::refuse_summary_bytes("columns", std::to_string(columns), "more columns than a Gram summary can hold");
  const std::uint64_t values = (n > 0 ? 2 : 1) * columns + columns * columns;
  if (r.left() % f64_bytes != 0 || r.left() / f64_bytes != values)
    detail::refuse_summary_bytes("size", std::to_string(r.left()),
                                 "a Gram summary of " + std::to_string(n) + " rows and " + std::to_string(columns) +
                                     " columns needs " + std::to_string(values * f64_bytes) +
                                     " bytes after the counts");
  const auto c = static_cast<Eigen::Index>(columns);
  gram_summary g(static_cast<std::size_t>(columns));
  g.m_n = static_cast<std::size_t>(n);
  if (n > 0) {
    g.m_shift.resize(c);
    read_values(r, g.m_shift.data(), c);
  }
  read_values(r, g.m_sum.data(), c);
  read_values(r, g.m_cross.data(), c * c);
  return g;
}

}  // namespace cxscore
