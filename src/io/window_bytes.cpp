#include "cxscore/io/window_bytes.hpp"

#include <bit>
#include <cstdint>
#include <limits>

#include "internal/summary_byte_fields.hpp"

namespace cxscore {
namespace {

using detail::byte_reader;
using detail::byte_writer;
using detail::refuse_summary_bytes;

// the period, the group count, first, last and the cell count
constexpr std::size_t windows_fixed_bytes = detail::summary_field_bytes * 5;
// group, number, count and ten sums
constexpr std::size_t cell_bytes = detail::summary_field_bytes * 13;

std::int64_t signed_of(std::uint64_t x) { return std::bit_cast<std::int64_t>(x); }
std::uint64_t unsigned_of(std::int64_t x) { return std::bit_cast<std::uint64_t>(x); }

}  // namespace

std::string to_bytes(const window_sums& s) {
  byte_writer w;
  w.u64(static_cast<std::uint64_t>(s.period));
  w.u64(s.groups);
  w.u64(unsigned_of(s.first));
  w.u64(unsigned_of(s.last));
  w.u64(s.cells.size());
  for (const window_cell& c : s.cells) {
    w.u64(c.group);
    w.u64(unsigned_of(c.number));
    w.u64(c.sums.count);
    for (double x :
         {c.sums.weight, c.sums.weight_sq, c.sums.mean, c.sums.deviation_sq, c.sums.gap_sum, c.sums.unmet_weight,
          c.sums.weight_total.hi, c.sums.weight_total.lo, c.sums.value_total.hi, c.sums.value_total.lo})
      w.f64(x);
  }
  return detail::with_summary_header(summary_kind::windows, std::move(w).take());
}

window_sums window_sums_from_bytes(std::string_view bytes) {
  byte_reader r = detail::summary_payload_of(bytes, summary_kind::windows);
  if (r.left() < windows_fixed_bytes)
    refuse_summary_bytes("size", std::to_string(r.left()), "too short for window sums");
  window_sums s;
  const std::uint64_t per = r.u64();
  if (per > static_cast<std::uint64_t>(period::month))
    refuse_summary_bytes("period", std::to_string(per), "unknown period (0 day, 1 week, 2 month)");
  s.period = static_cast<period>(per);
  const std::uint64_t groups = r.u64();
  s.groups = groups;
  s.first = signed_of(r.u64());
  s.last = signed_of(r.u64());
  const std::uint64_t cells = r.u64();
  // Checked by division before anything is allocated: a forged count reserves nothing.
  if (r.left() % cell_bytes != 0 || cells != r.left() / cell_bytes)
    refuse_summary_bytes("size", std::to_string(r.left()),
                         "window sums of " + std::to_string(cells) + " cells need " + std::to_string(cell_bytes) +
                             " bytes per cell after the counts");
  s.cells.reserve(cells);
  for (std::uint64_t k = 0; k < cells; ++k) {
    const std::uint64_t group = r.u64();
    const std::int64_t number = signed_of(r.u64());
    if (group >= groups || group > std::numeric_limits<std::uint32_t>::max())
      refuse_summary_bytes("cells", std::to_string(group),
                           "a cell's group lies below " + std::to_string(groups) + " and 2^32");
    if (number < s.first || number > s.last)
      refuse_summary_bytes("cells", std::to_string(number), "a cell's window lies in [first, last]");
    window_cell c{.group = static_cast<std::uint32_t>(group), .number = number, .sums = {}};
    if (!s.cells.empty() &&
        !(s.cells.back().group < c.group || (s.cells.back().group == c.group && s.cells.back().number < c.number)))
      refuse_summary_bytes("cells", std::to_string(k), "cells come in ascending (group, window) order, each once");
    c.sums.count = r.u64();
    if (c.sums.count == 0) refuse_summary_bytes("cells", "0", "a cell holds at least one encounter");
    for (double* x :
         {&c.sums.weight, &c.sums.weight_sq, &c.sums.mean, &c.sums.deviation_sq, &c.sums.gap_sum, &c.sums.unmet_weight,
          &c.sums.weight_total.hi, &c.sums.weight_total.lo, &c.sums.value_total.hi, &c.sums.value_total.lo})
      *x = r.f64();
    s.cells.push_back(c);
  }
  return s;
}

}  // namespace cxscore
