#include "cxscore/journeys/journey_summaries.hpp"

#include <stdexcept>
#include <utility>

namespace cxscore {

void journey_summaries::merge(const journey_summaries& o) {
  if (markov.has_value() != o.markov.has_value())
    throw std::invalid_argument("journey_summaries::merge: summaries with outcomes and without");
  merge_directly_follows(dfg, o.dfg);
  paths.merge(o.paths);
  if (markov) markov->merge(*o.markov);
}

journey_summaries journey_summaries::recoded(std::span<const std::uint32_t> codes,
                                             const std::vector<std::string>& names) const {
  journey_summaries out{
      .dfg = cxscore::recoded(dfg, codes, names), .paths = paths.recoded(codes, names.size()), .markov = std::nullopt};
  if (markov) out.markov = markov->recoded(codes, names.size());
  return out;
}

journey_summaries summarise_journeys(const event_log& log, const journey_order& order,
                                     const std::function<double(double)>& value, const std::vector<double>& weight,
                                     std::span<const std::int8_t> outcome) {
  journey_summaries s{.dfg = discover_directly_follows(log, order),
                      .paths = count_paths(log, order, value, weight),
                      .markov = std::nullopt};
  if (!outcome.empty()) s.markov = count_journeys(log, order, outcome);
  return s;
}

journey_findings find_journeys(const journey_summaries& s, std::uint64_t min_edge_count,
                               std::uint64_t min_variant_count, double min_path_share) {
  journey_findings f;
  f.dfg = s.dfg.filtered(min_edge_count);
  // Every variant for the key paths; the variants table keeps those with min_variant_count.
  f.variants = variants_of(s.paths);
  f.loops = find_loops(f.dfg);
  f.unavoidable = unavoidable_touchpoints(f.dfg);
  f.likely = most_likely_path(f.dfg, f.variants);
  f.worst = worst_experience_path(f.dfg, f.variants, min_path_customers(f.dfg.customers, min_path_share));
  std::erase_if(f.variants, [&](const path_variant& v) { return v.customers < min_variant_count; });
  if (s.markov) f.markov = solve_markov(*s.markov);
  return f;
}

}  // namespace cxscore
