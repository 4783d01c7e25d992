#include "cxscore/io/path_counts_bytes.hpp"

#include <utility>

#include "internal/mean_accumulator_bytes.hpp"
#include "internal/summary_byte_fields.hpp"

namespace cxscore {
namespace {

using detail::refuse_summary_bytes;
using detail::summary_field_bytes;

// after the codes: customers and the score's mean
constexpr std::size_t tally_bytes = summary_field_bytes + detail::mean_accumulator_bytes;
// the length, one code, the tally
constexpr std::size_t path_least_bytes = 2 * summary_field_bytes + tally_bytes;

}  // namespace

std::string to_bytes(const path_counts& paths) {
  detail::byte_writer w;
  w.u64(paths.touchpoints);
  w.u64(paths.paths.size());
  for (const auto& [path, t] : paths.paths) {
    w.u64(path.size());
    for (const auto c : path) w.u64(c);
    w.u64(t.customers);
    detail::write_mean(w, t.score);
  }
  return detail::with_summary_header(summary_kind::paths, std::move(w).take());
}

path_counts path_counts_from_bytes(std::string_view bytes) {
  detail::byte_reader r = detail::summary_payload_of(bytes, summary_kind::paths);
  if (r.left() < 2 * summary_field_bytes) refuse_summary_bytes("size", std::to_string(r.left()), "too short for paths");
  path_counts out;
  const std::uint64_t touchpoints = r.u64();
  if (touchpoints > std::uint64_t{1} << 32)
    refuse_summary_bytes("touchpoints", std::to_string(touchpoints), "more touchpoints than 32-bit codes");
  out.touchpoints = touchpoints;
  const std::uint64_t paths = r.u64();
  // Checked by division before anything is allocated, so a forged count can neither overflow nor allocate;
  // each path's length likewise below.
  if (paths > r.left() / path_least_bytes)
    refuse_summary_bytes("size", std::to_string(paths),
                         std::to_string(paths) + " paths need at least " + std::to_string(path_least_bytes) +
                             " bytes each; " + std::to_string(r.left()) + " are left");
  std::vector<std::uint32_t> path;
  for (std::uint64_t k = 0; k < paths; ++k) {
    if (r.left() < summary_field_bytes + tally_bytes)
      refuse_summary_bytes("size", std::to_string(r.left()), "too short for path " + std::to_string(k + 1));
    const std::uint64_t length = r.u64();
    if (length == 0) refuse_summary_bytes("path", std::to_string(k + 1), "an empty path");
    if (length > (r.left() - tally_bytes) / summary_field_bytes)
      refuse_summary_bytes("size", std::to_string(length),
                           "a path of " + std::to_string(length) + " touchpoints needs more bytes than are left");
    path.clear();
    for (std::uint64_t i = 0; i < length; ++i) {
      const std::uint64_t code = r.u64();
      if (code >= touchpoints) refuse_summary_bytes("path", std::to_string(code), "a touchpoint code out of range");
      path.push_back(static_cast<std::uint32_t>(code));
    }
    if (!out.paths.empty() && !(out.paths.rbegin()->first < path))
      refuse_summary_bytes("path", std::to_string(k + 1), "paths out of lexicographic order");
    path_tally t;
    t.customers = r.u64();
    if (t.customers == 0) refuse_summary_bytes("customers", "0", "a path no customer took");
    t.score = detail::read_mean(r, t.customers, "score");
    out.paths.emplace_hint(out.paths.end(), path, t);
  }
  if (r.left() != 0)
    refuse_summary_bytes("size", std::to_string(r.left()), std::to_string(r.left()) + " bytes after the last path");
  return out;
}

}  // namespace cxscore
