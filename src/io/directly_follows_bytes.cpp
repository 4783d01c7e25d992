#include "cxscore/io/directly_follows_bytes.hpp"

#include <set>
#include <stdexcept>
#include <utility>

#include "internal/mean_accumulator_bytes.hpp"
#include "internal/summary_byte_fields.hpp"

namespace cxscore {
namespace {

using detail::byte_reader;
using detail::byte_writer;
using detail::refuse_summary_bytes;
using detail::summary_field_bytes;

// the name's length, visits, customers, starts, ends, the two means
constexpr std::size_t vertex_least_bytes = summary_field_bytes * 5 + 2 * detail::mean_accumulator_bytes;
// source, target, count, the two means
constexpr std::size_t edge_bytes = summary_field_bytes * 3 + 2 * detail::mean_accumulator_bytes;

void need(const byte_reader& r, std::size_t bytes, const std::string& what) {
  if (r.left() < bytes)
    refuse_summary_bytes(
        "size", std::to_string(r.left()),
        what + " needs " + std::to_string(bytes) + " bytes; " + std::to_string(r.left()) + " are left");
}

dfg_vertex read_vertex(byte_reader& r) {
  const std::uint64_t length = r.u64();
  need(r, length, "a touchpoint name of " + std::to_string(length) + " bytes");
  dfg_vertex v;
  v.name = std::string(r.text(length));
  need(r, vertex_least_bytes - summary_field_bytes, "touchpoint '" + v.name + "'");
  v.visits = r.u64();
  v.customers = r.u64();
  v.starts = r.u64();
  v.ends = r.u64();
  if (v.customers > v.visits || v.starts > v.customers || v.ends > v.customers)
    refuse_summary_bytes("touchpoint", v.name, "more customers, starts or ends than visits");
  v.gap = detail::read_mean(r, v.visits, "gap");
  v.start_gap = detail::read_mean(r, v.starts, "start_gap");
  return v;
}

}  // namespace

std::string to_bytes(const directly_follows& dfg) {
  if (dfg.min_count != 1) throw std::invalid_argument("to_bytes(directly_follows): a filtered graph does not merge");
  const auto& g = dfg.graph;
  byte_writer w;
  w.u64(dfg.customers);
  w.u64(dfg.events);
  w.u64(boost::num_vertices(g));
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v) {
    w.u64(g[v].name.size());
    w.text(g[v].name);
    for (std::uint64_t x : {g[v].visits, g[v].customers, g[v].starts, g[v].ends}) w.u64(x);
    detail::write_mean(w, g[v].gap);
    detail::write_mean(w, g[v].start_gap);
  }
  w.u64(boost::num_edges(g));
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    w.u64(boost::source(*it, g));
    w.u64(boost::target(*it, g));
    w.u64(g[*it].count);
    detail::write_mean(w, g[*it].gap);
    detail::write_mean(w, g[*it].duration);
  }
  return detail::with_summary_header(summary_kind::directly_follows, std::move(w).take());
}

directly_follows directly_follows_from_bytes(std::string_view bytes) {
  byte_reader r = detail::summary_payload_of(bytes, summary_kind::directly_follows);
  need(r, 3 * summary_field_bytes, "the directly-follows counts");
  directly_follows dfg;
  dfg.customers = r.u64();
  dfg.events = r.u64();
  const std::uint64_t touchpoints = r.u64();
  // Checked by division before a vertex is made, so a forged count can neither overflow nor allocate.
  if (touchpoints > r.left() / vertex_least_bytes)
    refuse_summary_bytes("size", std::to_string(touchpoints),
                         std::to_string(touchpoints) + " touchpoints need at least " +
                             std::to_string(vertex_least_bytes) + " bytes each; " + std::to_string(r.left()) +
                             " are left");
  std::set<std::string, std::less<>> names;
  for (std::uint64_t t = 0; t < touchpoints; ++t) {
    const dfg_vertex v = read_vertex(r);
    if (!names.insert(v.name).second) refuse_summary_bytes("touchpoint", v.name, "a touchpoint named twice");
    boost::add_vertex(v, dfg.graph);
  }
  need(r, summary_field_bytes, "the edge count");
  const std::uint64_t edges = r.u64();
  if (r.left() % edge_bytes != 0 || edges != r.left() / edge_bytes)
    refuse_summary_bytes("size", std::to_string(edges),
                         std::to_string(edges) + " edges need " + std::to_string(edge_bytes) + " bytes each; " +
                             std::to_string(r.left()) + " follow");
  std::pair<std::uint64_t, std::uint64_t> last{0, 0};
  for (std::uint64_t k = 0; k < edges; ++k) {
    const std::pair<std::uint64_t, std::uint64_t> key{r.u64(), r.u64()};
    const std::string name = std::to_string(key.first) + " -> " + std::to_string(key.second);
    if (key.first >= touchpoints || key.second >= touchpoints)
      refuse_summary_bytes("edge", name, "a touchpoint code out of range");
    if (k > 0 && !(last < key)) refuse_summary_bytes("edge", name, "edges out of (source, target) order");
    last = key;
    dfg_edge e;
    e.count = r.u64();
    if (e.count == 0) refuse_summary_bytes("edge", name, "an edge seen no time");
    e.gap = detail::read_mean(r, e.count, "gap");
    e.duration = detail::read_mean(r, e.count, "duration");
    boost::add_edge(key.first, key.second, e, dfg.graph);
  }
  return dfg;
}

}  // namespace cxscore
