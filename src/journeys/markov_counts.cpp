// The chain's transition counts: filled by the readers (paths, event logs) and merged, before any solve.
#include "cxscore/journeys/markov_chain.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "internal/touchpoint_recoding.hpp"

namespace cxscore {

void markov_counts::add_path(std::span<const markov_step> path, double successes, double failures) {
  if (!(successes >= 0) || !(failures >= 0) || !std::isfinite(successes + failures))
    throw std::invalid_argument("markov_counts::add_path: counts must be finite and >= 0");
  const double journeys = successes + failures;
  if (journeys == 0) return;
  std::uint32_t from = start_state();
  for (const auto& s : path) {
    if (s.touchpoint >= m_touchpoints) throw std::out_of_range("markov_counts::add_path: touchpoint code out of range");
    add_transition(from, state(s), journeys);
    from = state(s);
  }
  add_exits(from, successes, failures);
}

void markov_counts::add_exits(std::uint32_t from, double successes, double failures) {
  if (!(successes >= 0) || !(failures >= 0) || !std::isfinite(successes + failures))
    throw std::invalid_argument("markov_counts::add_exits: counts must be finite and >= 0");
  if (successes > 0) add_transition(from, success_state(), successes);
  if (failures > 0) add_transition(from, failure_state(), failures);
  m_journeys += successes + failures;
  m_successes += successes;
}

void markov_counts::add_transition(std::uint32_t from, std::uint32_t to, double count) {
  if (!(count >= 0) || !std::isfinite(count))
    throw std::invalid_argument("markov_counts::add_transition: counts must be finite and >= 0");
  if (from >= transient_states() || to > failure_state())
    throw std::out_of_range("markov_counts::add_transition: state out of range");
  if (count > 0) m_counts[std::uint64_t{from} * (transient_states() + 2) + to] += count;
}

void markov_counts::merge(const markov_counts& o) {
  if (o.m_touchpoints != m_touchpoints) throw std::invalid_argument("markov_counts::merge: different touchpoints");
  for (const auto& [key, c] : o.m_counts) m_counts[key] += c;
  m_journeys += o.m_journeys;
  m_successes += o.m_successes;
}

markov_counts markov_counts::recoded(std::span<const std::uint32_t> codes, std::size_t touchpoints) const {
  detail::check_touchpoint_codes(codes, m_touchpoints, touchpoints, "markov_counts::recoded");
  markov_counts out(touchpoints);
  const auto state_of = [&](std::uint32_t s) {
    if (s == start_state()) return s;
    if (s >= transient_states()) return s - transient_states() + out.transient_states();  // an outcome
    return markov_counts::state({codes[(s - 1) / 2], (s - 1) % 2 == 0});
  };
  const std::uint64_t width = transient_states() + 2, out_width = out.transient_states() + 2;
  for (const auto& [key, c] : m_counts)
    out.m_counts.emplace(std::uint64_t{state_of(static_cast<std::uint32_t>(key / width))} * out_width +
                             state_of(static_cast<std::uint32_t>(key % width)),
                         c);
  out.m_journeys = m_journeys;
  out.m_successes = m_successes;
  return out;
}

std::vector<markov_counts::transition> markov_counts::transitions() const {
  std::vector<transition> out;
  out.reserve(m_counts.size());
  const std::uint64_t width = transient_states() + 2;
  for (const auto& [key, c] : m_counts)
    out.push_back({static_cast<std::uint32_t>(key / width), static_cast<std::uint32_t>(key % width), c});
  std::sort(out.begin(), out.end(),
            [](const transition& a, const transition& b) { return std::pair(a.from, a.to) < std::pair(b.from, b.to); });
  return out;
}

}  // namespace cxscore
