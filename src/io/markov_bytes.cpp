#include "cxscore/io/markov_bytes.hpp"

#include <cmath>
#include <utility>

#include "internal/summary_byte_fields.hpp"

namespace cxscore {
namespace {

using detail::refuse_summary_bytes;
using detail::summary_field_bytes;

constexpr std::size_t transition_bytes = 3 * summary_field_bytes;
// The chain numbers its states in 32 bits: start, two per touchpoint, the two outcomes.
constexpr std::uint64_t most_touchpoints = (std::uint64_t{1} << 31) - 2;

}  // namespace

std::string to_bytes(const markov_counts& counts) {
  detail::byte_writer w;
  w.u64(counts.touchpoints());
  w.f64(counts.journeys());
  w.f64(counts.successes());
  const auto transitions = counts.transitions();
  w.u64(transitions.size());
  for (const auto& t : transitions) {
    w.u64(t.from);
    w.u64(t.to);
    w.f64(t.count);
  }
  return detail::with_summary_header(summary_kind::markov, std::move(w).take());
}

markov_counts markov_counts_from_bytes(std::string_view bytes) {
  detail::byte_reader r = detail::summary_payload_of(bytes, summary_kind::markov);
  if (r.left() < 4 * summary_field_bytes)
    refuse_summary_bytes("size", std::to_string(r.left()), "too short for Markov transition counts");
  const std::uint64_t touchpoints = r.u64();
  if (touchpoints > most_touchpoints)
    refuse_summary_bytes("touchpoints", std::to_string(touchpoints), "more touchpoints than the chain can number");
  markov_counts counts(touchpoints);
  counts.m_journeys = r.f64();
  counts.m_successes = r.f64();
  if (!(std::isfinite(counts.m_journeys) && counts.m_successes >= 0 && counts.m_successes <= counts.m_journeys))
    refuse_summary_bytes("journeys", std::to_string(counts.m_journeys) + " / " + std::to_string(counts.m_successes),
                         "journeys and successes must be finite, with 0 <= successes <= journeys");
  const std::uint64_t transitions = r.u64();
  // Checked by division before anything is stored, so a forged count can neither overflow nor allocate.
  if (r.left() % transition_bytes != 0 || transitions != r.left() / transition_bytes)
    refuse_summary_bytes("size", std::to_string(transitions),
                         std::to_string(transitions) + " transitions need " + std::to_string(transition_bytes) +
                             " bytes each; " + std::to_string(r.left()) + " follow");
  const std::uint64_t width = counts.transient_states() + 2;
  std::uint64_t last = 0;
  for (std::uint64_t k = 0; k < transitions; ++k) {
    const std::uint64_t from = r.u64(), to = r.u64();
    const double count = r.f64();
    const std::string name = std::to_string(from) + " -> " + std::to_string(to);
    if (from >= counts.transient_states() || to >= width)
      refuse_summary_bytes("transition", name, "a state out of range");
    const std::uint64_t key = from * width + to;
    if (k > 0 && key <= last) refuse_summary_bytes("transition", name, "transitions out of (from, to) order");
    last = key;
    if (!(std::isfinite(count) && count > 0))
      refuse_summary_bytes("transition", name, "a count that is not finite and positive");
    counts.m_counts.emplace(key, count);
  }
  return counts;
}

}  // namespace cxscore
