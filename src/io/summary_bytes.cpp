#include "cxscore/summary_bytes.hpp"

#include "internal/summary_byte_fields.hpp"

namespace cxscore {
namespace {

using detail::byte_reader;
using detail::byte_writer;
using detail::refuse_summary_bytes;

constexpr std::size_t group_bytes = detail::summary_field_bytes * 7;
// λ, the brand summary, the two counts
constexpr std::size_t score_fixed_bytes = detail::summary_field_bytes * (1 + 5 + 2);

void write_group(byte_writer& w, const group_summary& g) {
  w.u64(g.count);
  for (double x : {g.weight, g.gap_sum, g.value_sum, g.unmet_weight, g.contribution_sum, g.impact_sum}) w.f64(x);
}

group_summary read_group(byte_reader& r) {
  group_summary g;
  g.count = r.u64();
  for (double* x : {&g.weight, &g.gap_sum, &g.value_sum, &g.unmet_weight, &g.contribution_sum, &g.impact_sum})
    *x = r.f64();
  return g;
}

}  // namespace

std::string to_bytes(const score_summaries& s) {
  byte_writer w;
  w.f64(s.lambda);
  w.u64(s.brand.customers);
  w.u64(s.brand.events);
  for (double x : {s.brand.customer_weight, s.brand.journey_score_sum, s.brand.score_sum}) w.f64(x);
  w.u64(s.touchpoints.size());
  w.u64(s.segments.size());
  for (const auto& g : s.touchpoints) write_group(w, g);
  for (const auto& g : s.segments) write_group(w, g);
  return detail::with_summary_header(summary_kind::score, std::move(w).take());
}

score_summaries score_summaries_from_bytes(std::string_view bytes) {
  byte_reader r = detail::summary_payload_of(bytes, summary_kind::score);
  if (r.left() < score_fixed_bytes)
    refuse_summary_bytes("size", std::to_string(r.left()), "too short for score summaries");
  score_summaries s;
  s.lambda = r.f64();
  s.brand.customers = r.u64();
  s.brand.events = r.u64();
  s.brand.customer_weight = r.f64();
  s.brand.journey_score_sum = r.f64();
  s.brand.score_sum = r.f64();
  const std::uint64_t touchpoints = r.u64();
  const std::uint64_t segments = r.u64();
  // Checked by division before anything is allocated, so a forged count can neither overflow nor reserve
  // memory the bytes do not hold.
  const std::size_t groups = r.left() / group_bytes;
  if (r.left() % group_bytes != 0 || touchpoints > groups || segments != groups - touchpoints)
    refuse_summary_bytes("size", std::to_string(r.left()),
                         "score summaries of " + std::to_string(touchpoints) + " touchpoints and " +
                             std::to_string(segments) + " segments need " + std::to_string(group_bytes) +
                             " bytes per group after the counts");
  s.touchpoints.reserve(touchpoints);
  for (std::uint64_t t = 0; t < touchpoints; ++t) s.touchpoints.push_back(read_group(r));
  s.segments.reserve(segments);
  for (std::uint64_t k = 0; k < segments; ++k) s.segments.push_back(read_group(r));
  return s;
}

}  // namespace cxscore
