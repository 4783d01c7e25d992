// The journey map: the directly-follows graph laid out by Graphviz (dot) through its C API, drawn as SVG.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cxscore/report/html_report.hpp"
#include "internal/finite_output.hpp"
#include "report/html/palettes.hpp"
#include "report/html/svg.hpp"

namespace cxscore {
namespace {

// cgraph takes `char*` for names it only reads (Graphviz 2.42); the strings outlive each call.
char* c_text(const std::string& s) { return const_cast<char*>(s.c_str()); }
void set(void* object, const std::string& name, const std::string& value) {
  agsafeset(object, c_text(name), c_text(value), c_text(std::string()));
}
// Graphviz reads escapes (\N, \n, \l, ...) in labels and tooltips; a name's backslash is text.
std::string literal(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    if (ch == '\\') out += '\\';
    out += ch;
  }
  return out;
}

// Mean gaps at or beyond this take the scale's end colour: most touchpoints' mean gaps lie well inside
// [-1, 1], and a fixed domain keeps colours comparable between reports.
constexpr double gap_domain = 0.5;
// Touchpoints beyond which the map is drawn compact.
constexpr std::size_t large_map = 60;

// One Graphviz context for the process, never freed: Graphviz 2.42's text measuring (its pango plugin)
// keeps the last font name it saw, and a second context would compare with a name the first one freed.
// Graphviz is not thread-safe either, so every use holds the lock.
struct graphviz_context {
  std::unique_lock<std::mutex> lock;
  GVC_t* gvc;
  graphviz_context() : lock(mutex()), gvc(shared()) {}
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static GVC_t* shared() {
    static GVC_t* const context = gvContext();
    return context;
  }
};
// Graphviz's default IDs for named objects are the addresses of its copies of their names (cgraph's
// AgIdDisc), and it keeps subgraphs and nodes in ID order: the layout would depend on what the process had
// allocated before. These IDs count the objects in the order they are made; their names stay in cgraph's
// own name map, which it falls back on when the discipline maps no names.
struct creation_order_ids {
  IDTYPE next = 1;
};
void* open_ids(Agraph_t* /*graph*/, Agdisc_t* /*disc*/) { return new creation_order_ids; }
long map_id(void* state, int /*objtype*/, char* name, IDTYPE* id, int /*createflag*/) {
  if (name != nullptr) return 0;  // cgraph then maps the name itself, to an ID it asks for without one
  auto* ids = static_cast<creation_order_ids*>(state);
  *id = ids->next;
  ids->next += 2;  // odd, as cgraph's own IDs of unnamed objects
  return 1;
}
long alloc_id(void* /*state*/, int /*objtype*/, IDTYPE /*id*/) { return 0; }
void free_id(void* /*state*/, int /*objtype*/, IDTYPE /*id*/) {}
char* print_id(void* /*state*/, int /*objtype*/, IDTYPE /*id*/) { return nullptr; }
void close_ids(void* state) { delete static_cast<creation_order_ids*>(state); }
void register_id(void* /*state*/, int /*objtype*/, void* /*object*/) {}
Agiddisc_t creation_order_id_discipline{open_ids, map_id, alloc_id, free_id, print_id, close_ids, register_id};
Agdisc_t creation_order_discipline{&AgMemDisc, &creation_order_id_discipline, &AgIoDisc};

struct graphviz_graph {
  Agraph_t* g;
  GVC_t* gvc;
  bool laid_out = false;
  ~graphviz_graph() {
    if (laid_out) gvFreeLayout(gvc, g);
    agclose(g);
  }
};

// A map up to about twice a page's width is scaled to the page (the viewBox keeps its proportions); a
// larger one keeps Graphviz's size and scrolls, since scaled down its labels could not be read.
std::string fit_width(std::string svg) {
  const std::size_t tag_end = svg.find('>');
  const std::size_t w = svg.find(" width=\"");
  const std::size_t h = svg.find(" height=\"");
  if (w > tag_end || h > tag_end) return svg;
  const std::size_t w_end = svg.find('"', w + 8), h_end = svg.find('"', h + 9);
  const double points = std::strtod(svg.c_str() + w + 8, nullptr);
  constexpr double px_per_point = 96.0 / 72.0;
  if (!(points > 0) || points * px_per_point > 2600) return svg;
  // The later attribute is edited first, so the earlier one stays where it was found.
  const std::string width =
      " width=\"100%\" style=\"max-width:" + detail::fixed_text(points * px_per_point, 0) + "px;height:auto\"";
  if (h > w) {
    svg.erase(h, h_end + 1 - h);
    svg.replace(w, w_end + 1 - w, width);
  } else {
    svg.replace(w, w_end + 1 - w, width);
    svg.erase(h, h_end + 1 - h);
  }
  return svg;
}

// The width Graphviz gives its drawing, in points (0 when not found).
double svg_points_wide(const std::string& svg) {
  const std::size_t w = svg.find(" width=\"", svg.find("<svg"));
  return w == std::string::npos ? 0.0 : std::strtod(svg.c_str() + w + 8, nullptr);
}

std::string fixed2(double x) { return detail::fixed_text(x, 2); }

// A touchpoint's node is the SVG group Graphviz gives this id, so its numbers can be attached to it.
constexpr std::string_view node_id_prefix = "touchpoint_";  // Graphviz writes a hyphen as &#45;
std::string node_id(std::size_t v) { return std::string(node_id_prefix) + std::to_string(v); }

// Each touchpoint's node group carries its customers and visits as data-* attributes, for a reader of the
// page (and its tests) to take the figures back from the drawing.
std::string with_node_counts(const std::string& svg, const directly_follows::graph_type& dg) {
  const std::string opening = "<g id=\"" + std::string(node_id_prefix);
  std::string out;
  out.reserve(svg.size() + 64 * boost::num_vertices(dg));
  std::size_t from = 0;
  for (std::size_t at = svg.find(opening); at != std::string::npos; at = svg.find(opening, from)) {
    const std::size_t id_end = svg.find('"', at + opening.size()) + 1;
    const std::size_t v = std::strtoull(svg.c_str() + at + opening.size(), nullptr, 10);
    out.append(svg, from, id_end - from);
    // Before the class, which ends the tag as Graphviz writes it: class="node">.
    out += " data-customers=\"" + std::to_string(dg[v].customers) + "\" data-visits=\"" + std::to_string(dg[v].visits) +
           '"';
    from = id_end;
  }
  out.append(svg, from);
  return out;
}

}  // namespace

std::uint64_t automatic_min_edge_count(const directly_follows& dfg) {
  const auto& g = dfg.graph;
  // The transitions from the start and to the end are edges of the map too, and the longest ones: a start
  // edge to each of hundreds of touchpoints left dot's layout running for minutes.
  std::vector<std::uint64_t> counts;
  for (auto [it, end] = boost::edges(g); it != end; ++it) counts.push_back(g[*it].count);
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v)
    for (const std::uint64_t c : {g[v].starts, g[v].ends})
      if (c > 0) counts.push_back(c);
  std::size_t visited = 0;
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v) visited += g[v].visits > 0;
  // About two edges per touchpoint: each keeps a way in and a way out; more make a large map a tangle,
  // and dot's layout grows faster than its edges.
  const std::size_t keep = std::min<std::size_t>(250, std::max<std::size_t>(120, 2 * visited));
  if (counts.size() <= keep) return 1;
  std::sort(counts.begin(), counts.end(), std::greater<>());
  // The smallest threshold above the count of the first edge beyond `keep`: ties are kept or hidden together.
  return counts[keep] + 1;
}

std::string journey_map_svg(const directly_follows& dfg, const journey_map* map,
                            const std::vector<journey_loop>& loops) {
  using namespace detail::html;
  const auto& dg = dfg.graph;
  const std::size_t n = boost::num_vertices(dg);
  std::vector<int> loop_of(n, -1);
  // Outlined are loops through several touchpoints; a touchpoint repeated back to back shows as its
  // self-loop edge, which a survey answered item by item makes at every surveyed touchpoint.
  for (std::size_t k = 0; k < loops.size(); ++k)
    for (const std::uint32_t t : loops[k].touchpoints.size() > 1 ? loops[k].touchpoints : std::vector<std::uint32_t>{})
      if (t < n) loop_of[t] = static_cast<int>(k);
  std::uint64_t busiest = 1, most_customers = 1;
  for (auto [it, end] = boost::edges(dg); it != end; ++it) busiest = std::max(busiest, dg[*it].count);
  for (std::size_t v = 0; v < n; ++v) busiest = std::max({busiest, dfg.shown_starts(v), dfg.shown_ends(v)});
  for (std::size_t v = 0; v < n; ++v) most_customers = std::max(most_customers, dg[v].customers);

  graphviz_context context;
  if (!context.gvc) throw std::runtime_error("Graphviz: cannot create a context");
  std::string graph_name = "journey map";
  graphviz_graph graph{agopen(c_text(graph_name), Agdirected, &creation_order_discipline), context.gvc};
  Agraph_t* g = graph.g;
  std::size_t visible = 0;
  for (std::size_t v = 0; v < n; ++v) visible += dg[v].visits > 0;
  // A large map (hundreds of touchpoints) is drawn compact, so that more of it fits on a screen.
  const bool large = visible > large_map;
  set(g, "rankdir", "LR");
  set(g, "fontname", "Helvetica");
  set(g, "nodesep", large ? "0.08" : "0.25");
  set(g, "ranksep", large ? "0.3" : "0.45");
  set(g, "bgcolor", "transparent");

  std::vector<Agraph_t*> clusters;
  std::optional<journey_map::grouping> phases;
  if (map) {
    phases = map->group_by([](const touchpoint& t) -> const std::string& { return t.phase; });
    for (std::size_t p = 0; p < phases->names.size(); ++p) {
      std::string name = "cluster_phase_" + std::to_string(p);
      Agraph_t* sub = agsubg(g, c_text(name), 1);
      set(sub, "label", literal(phases->names[p]));
      set(sub, "style", "rounded,dashed");
      set(sub, "color", "#999999");
      set(sub, "fontname", "Helvetica");
      set(sub, "fontsize", "11");
      clusters.push_back(sub);
    }
  }

  auto endpoint = [&](std::string_view name, const char* label, const char* shape) {
    Agnode_t* node = agnode(g, c_text(std::string(name)), 1);
    set(node, "label", label);
    set(node, "shape", shape);
    set(node, "style", "filled");
    set(node, "fillcolor", "#000000");
    set(node, "fontcolor", "#ffffff");
    set(node, "fontname", "Helvetica");
    set(node, "fontsize", "9");
    set(node, "width", "0.45");
    return node;
  };
  Agnode_t* start = endpoint(journey_start_name, "start", "circle");
  Agnode_t* finish = endpoint(journey_end_name, "end", "doublecircle");

  std::vector<Agnode_t*> nodes(n, nullptr);
  for (std::size_t v = 0; v < n; ++v) {
    if (dg[v].visits == 0) continue;  // a map touchpoint nobody visited is not on the journey map
    const bool in_map = map && v < map->size();
    Agraph_t* home = in_map ? clusters[phases->code_of_touchpoint[v]] : g;
    Agnode_t* node = agnode(home, c_text(dg[v].name), 1);
    nodes[v] = node;
    const double gap = dg[v].gap.mean();
    const double scaled = std::isnan(gap) ? gap : gap / gap_domain;
    // Area by customers: how many people a touchpoint touches, which repeat visits would overstate.
    const double size = std::sqrt(static_cast<double>(dg[v].customers) / static_cast<double>(most_customers));
    set(node, "shape", "box");
    set(node, "style", loop_of[v] >= 0 ? "filled,rounded,bold" : "filled,rounded");
    set(node, "fillcolor", diverging_colour(scaled));
    set(node, "fontcolor", text_colour_on_diverging(scaled));
    set(node, "color", loop_of[v] >= 0 ? flag_colour : "#444444");
    set(node, "penwidth", loop_of[v] >= 0 ? "3" : "1");
    set(node, "fontname", "Helvetica");
    set(node, "fontsize", large ? px(9 + 2 * size) : px(10 + 4 * size));
    set(node, "width", large ? fixed2(0.5 + 0.6 * size) : fixed2(0.9 + 1.6 * size));
    set(node, "height", large ? fixed2(0.22 + 0.15 * size) : fixed2(0.35 + 0.45 * size));
    if (large) set(node, "margin", "0.04,0.02");
    set(node, "id", node_id(v));
    set(node, "tooltip",
        literal(dg[v].name + ": " + std::to_string(dg[v].customers) + " customers, " + std::to_string(dg[v].visits) +
                " visits" + (std::isnan(gap) ? std::string(", not measured") : ", mean gap " + shown(gap, 3, true)) +
                (loop_of[v] >= 0 ? ", in a loop" : "")));
  }
  auto width = [&](std::uint64_t count) {
    return fixed2(1.0 + 5.0 * static_cast<double>(count) / static_cast<double>(busiest));
  };
  auto add_edge = [&](Agnode_t* from, Agnode_t* to, std::uint64_t count, const std::string& from_name,
                      const std::string& to_name, bool loop) {
    Agedge_t* e = agedge(g, from, to, nullptr, 1);
    set(e, "penwidth", width(count));
    set(e, "arrowsize", "0.6");
    set(e, "color", loop ? flag_colour : "#555555");
    set(e, "tooltip", literal(from_name + " -> " + to_name + ": " + std::to_string(count) + " transitions"));
  };
  for (std::size_t v = 0; v < n; ++v)
    if (dfg.shown_starts(v) && nodes[v]) add_edge(start, nodes[v], dfg.shown_starts(v), "start", dg[v].name, false);
  for (auto [it, end] = boost::edges(dg); it != end; ++it) {
    const std::size_t s = boost::source(*it, dg), t = boost::target(*it, dg);
    add_edge(nodes[s], nodes[t], dg[*it].count, dg[s].name, dg[t].name, loop_of[s] >= 0 && loop_of[s] == loop_of[t]);
  }
  for (std::size_t v = 0; v < n; ++v)
    if (dfg.shown_ends(v) && nodes[v]) add_edge(nodes[v], finish, dfg.shown_ends(v), dg[v].name, "end", false);

  auto lay_out = [&] {
    if (graph.laid_out) {
      gvFreeLayout(context.gvc, g);
      graph.laid_out = false;
    }
    if (gvLayout(context.gvc, g, "dot") != 0) throw std::runtime_error("Graphviz: the dot layout failed");
    graph.laid_out = true;
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(context.gvc, g, "svg", &data, &length) != 0 || !data)
      throw std::runtime_error("Graphviz: cannot render SVG");
    std::string text(data, length);
    gvFreeRenderData(data);
    return text;
  };
  // Journeys read left to right; but a long chain of phases that way is too wide for a page, and then the
  // narrower of the two layouts is kept (top to bottom, a page scrolls down as it is read). A large map is
  // laid out once: it scrolls either way.
  std::string svg = lay_out();
  if (!large && svg_points_wide(svg) * 96.0 / 72.0 > 1400) {
    set(g, "rankdir", "TB");
    std::string top_down = lay_out();
    if (svg_points_wide(top_down) < svg_points_wide(svg)) svg = std::move(top_down);
  }

  // Inline SVG needs neither the XML prolog nor the DOCTYPE, whose DTD URL a page that opens offline must
  // not carry; the comments before <svg> go with them.
  const std::size_t open = svg.find("<svg");
  if (open == std::string::npos) throw std::runtime_error("Graphviz: no <svg> element in its output");
  svg.erase(0, open);
  const std::string label = "Journey map: " + std::to_string(dfg.customers) +
                            " journeys; touchpoints by phase, colour = mean gap, size = customers, "
                            "edge width = transitions, loops outlined";
  svg.replace(0, 4, "<svg role=\"img\" class=\"chart journey-map\" aria-label=\"" + escaped(label) + "\"");
  return fit_width(with_node_counts(svg, dg));
}

}  // namespace cxscore
