// Journey discovery on columns that Python prepared: the directly-follows graph, variants, loops, key
// paths, the outcome Markov chain and its DOT text, as the `cxscore journeys` command computes them. The
// event columns are copied once into the core's event_log (which owns its vectors); the GIL is released
// while discovering.
#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <optional>

#include "bindings.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/io/paths_csv.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/journeys/journey_log.hpp"
#include "cxscore/journeys/markov_chain.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "cxscore/model.hpp"
#include "cxscore/report/journey_dot.hpp"
#include "cxscore/value_function.hpp"
#include "drawings.hpp"

namespace cxscore::python {

namespace {

template <class T>
std::vector<T> vector_of(const py::dict& c, const char* name) {
  if (!c.contains(name) || c[name].is_none()) return {};
  const auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(c[name]);
  if (!a || a.ndim() != 1) throw py::type_error(std::string("column '") + name + "' must be a one-dimensional array");
  return std::vector<T>(a.data(), a.data() + a.size());
}

/// (positions, columns, values, reasons) of every row whose survey experience or expectation the journeys
/// refuse (lenient mode lists them; Python's own checks come first).
py::tuple find_journey_bad_rows(const py::dict& columns, const journey_map& map) {
  const auto touchpoint = vector_of<std::uint32_t>(columns, "touchpoint");
  const auto experience = vector_of<double>(columns, "experience");
  const auto expectation = vector_of<double>(columns, "expectation");
  return bad_rows_tuple(experience.size(), [&](std::size_t i) {
    return survey_problem(map, touchpoint[i], experience[i], expectation.empty() ? no_promise : expectation[i]);
  });
}

/// By touchpoint code: touchpoint, removal_effect, credit[, fix_uplift, fix_customers (NaN = no estimate)];
/// `notes` as markov_notes.csv (touchpoint, note).
py::dict markov_dict(const markov_result& r, const dictionary& names, bool with_fix) {
  py::dict d;
  std::vector<std::string> touchpoint;
  std::vector<double> removal, credit, uplift, customers;
  for (const auto& e : r.effects) {
    touchpoint.push_back(names[e.touchpoint]);
    removal.push_back(e.removal_effect);
    credit.push_back(e.credit);
    uplift.push_back(e.fix_defined ? e.fix_uplift : std::numeric_limits<double>::quiet_NaN());
    customers.push_back(e.fix_defined ? e.fix_customers : std::numeric_limits<double>::quiet_NaN());
  }
  d["touchpoint"] = touchpoint;
  d["removal_effect"] = to_numpy(std::move(removal));
  d["credit"] = to_numpy(std::move(credit));
  if (with_fix) {
    d["fix_uplift"] = to_numpy(std::move(uplift));
    d["fix_customers"] = to_numpy(std::move(customers));
  }
  std::vector<std::string> note_touchpoint, note;
  for (auto& [name, text] : markov_notes(r, names, with_fix))
    note_touchpoint.push_back(std::move(name)), note.push_back(std::move(text));
  py::dict notes;
  notes["touchpoint"] = note_touchpoint;
  notes["note"] = note;
  d["notes"] = notes;
  d["success_probability"] = r.success_probability;
  d["journeys"] = r.journeys;
  d["successes"] = r.successes;
  return d;
}

/// The columns `journeys_columns` reads: the events as the core's event_log (customers named by their
/// codes), their survey experience and expectation, and each customer's outcome (empty: none given).
struct journey_columns {
  event_log log;
  std::vector<double> experience, expectation;
  std::vector<std::int8_t> outcomes;
};

journey_columns read_journey_columns(const py::dict& columns, const std::vector<std::string>& touchpoint_names,
                                     const py::object& outcome) {
  journey_columns in;
  event_log& log = in.log;
  log.customer = vector_of<std::uint32_t>(columns, "customer");
  log.touchpoint = vector_of<std::uint32_t>(columns, "touchpoint");
  log.time = vector_of<double>(columns, "time");
  const auto customer_count = columns["customer_count"].cast<std::size_t>();
  for (std::size_t c = 0; c < customer_count; ++c) log.customers.encode(std::to_string(c));
  for (const auto& name : touchpoint_names) log.touchpoints.encode(name);
  in.experience = vector_of<double>(columns, "experience");
  in.expectation = vector_of<double>(columns, "expectation");
  if (!outcome.is_none()) {
    const auto a = py::array_t<std::int8_t, py::array::c_style | py::array::forcecast>::ensure(outcome);
    in.outcomes.assign(a.data(), a.data() + a.size());
    if (in.outcomes.size() != customer_count) throw py::value_error("outcome must have one value per customer code");
  }
  return in;
}

/// Everything `journeys_columns` reports, as the `cxscore journeys` command computes it.
struct journey_findings {
  directly_follows dfg;
  std::vector<path_variant> variants;
  std::vector<journey_loop> loops;
  std::vector<std::uint32_t> unavoidable;
  journey_path likely, worst;
  std::optional<markov_result> markov;
  std::string dot;
};

/// Discovers the journeys of `in` (filling in its gaps when there is a map) without holding the GIL.
journey_findings discover_journeys(journey_columns& in, const journey_map* map, std::uint64_t min_edge_count,
                                   std::uint64_t min_variant_count, double min_path_share, const std::string& source) {
  py::gil_scoped_release no_gil;
  event_log& log = in.log;
  journey_findings f;
  const journey_order order = order_journeys(log);  // customer and time only: the gaps do not change it
  if (map) measure_gaps(log, *map, order, in.experience, in.expectation, source);
  f.dfg = discover_directly_follows(log, order).filtered(min_edge_count);
  std::vector<double> weights;
  if (map)
    for (std::size_t t = 0; t < map->size(); ++t) weights.push_back((*map)[static_cast<touchpoint_code>(t)].weight);
  const model prospect = model::prospect();
  // Every variant for the key paths; the variants table keeps those with min_variant_count.
  f.variants = discover_variants(
      log, order, [&](double g) { return gap_value(g, prospect); }, weights);
  f.loops = find_loops(f.dfg);
  f.unavoidable = unavoidable_touchpoints(f.dfg);
  f.likely = most_likely_path(f.dfg, f.variants);
  f.worst = worst_experience_path(f.dfg, f.variants, min_path_customers(f.dfg.customers, min_path_share));
  std::erase_if(f.variants, [&](const path_variant& v) { return v.customers < min_variant_count; });
  if (!in.outcomes.empty()) f.markov = solve_markov(count_journeys(log, order, in.outcomes));
  f.dot = to_dot(f.dfg, map ? map->name() : "journeys");
  return f;
}

/// The graph's edges as edges.csv: from the start, between touchpoints, to the end.
py::dict edge_columns(const directly_follows& dfg) {
  const auto& g = dfg.graph;
  const std::size_t n = boost::num_vertices(g);
  const double none = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> source_name, target_name;
  std::vector<std::uint64_t> count;
  std::vector<double> mean_gap, mean_duration;
  auto edge = [&](const std::string& s, const std::string& t, std::uint64_t c, double gap, double duration) {
    source_name.push_back(s), target_name.push_back(t), count.push_back(c);
    mean_gap.push_back(gap), mean_duration.push_back(duration);
  };
  for (std::size_t v = 0; v < n; ++v)
    if (g[v].starts) edge(std::string(journey_start_name), g[v].name, g[v].starts, g[v].start_gap.mean(), none);
  for (auto [it, end] = boost::edges(g); it != end; ++it)
    edge(g[boost::source(*it, g)].name, g[boost::target(*it, g)].name, g[*it].count, g[*it].gap.mean(),
         g[*it].duration.mean());
  for (std::size_t v = 0; v < n; ++v)
    if (g[v].ends) edge(g[v].name, std::string(journey_end_name), g[v].ends, none, none);
  py::dict edges;
  edges["source"] = source_name;
  edges["target"] = target_name;
  edges["count"] = to_numpy(std::move(count));
  edges["mean_gap"] = to_numpy(std::move(mean_gap));
  edges["mean_duration_s"] = to_numpy(std::move(mean_duration));
  return edges;
}

py::dict variant_columns(const std::vector<path_variant>& variants, const dictionary& names) {
  std::vector<std::string> variant_names;
  std::vector<std::uint64_t> variant_customers;
  std::vector<double> variant_score;
  for (const auto& v : variants) {
    variant_names.push_back(joined(v.touchpoints, names, " > "));
    variant_customers.push_back(v.customers);
    variant_score.push_back(v.score.mean());
  }
  py::dict d;
  d["variant"] = variant_names;
  d["customers"] = to_numpy(std::move(variant_customers));
  d["mean_score"] = to_numpy(std::move(variant_score));
  return d;
}

py::dict loop_columns(const std::vector<journey_loop>& loops, const dictionary& names) {
  std::vector<std::string> loop_names;
  std::vector<std::uint64_t> loop_size, loop_traffic;
  for (const auto& l : loops) {
    loop_names.push_back(joined(l.touchpoints, names, " | "));
    loop_size.push_back(l.touchpoints.size());
    loop_traffic.push_back(l.traffic);
  }
  py::dict d;
  d["loop"] = loop_names;
  d["touchpoints"] = to_numpy(std::move(loop_size));
  d["traffic"] = to_numpy(std::move(loop_traffic));
  return d;
}

/// The unavoidable touchpoints (no probability, customers or score: NaN), the most likely and the
/// worst-experience path, as key_paths.csv.
py::dict key_path_columns(const journey_findings& f, const dictionary& names) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  auto probability = [&](const journey_path& p) { return p.touchpoints.empty() ? none : p.probability; };
  py::dict d;
  d["kind"] = std::vector<std::string>{"unavoidable", "most_likely", "worst_experience"};
  d["path"] = std::vector<std::string>{joined(f.unavoidable, names, " > "), joined(f.likely.touchpoints, names, " > "),
                                       joined(f.worst.touchpoints, names, " > ")};
  d["probability"] = std::vector<double>{none, probability(f.likely), probability(f.worst)};
  d["customers"] =
      std::vector<double>{none, static_cast<double>(f.likely.customers), static_cast<double>(f.worst.customers)};
  d["mean_score"] = std::vector<double>{none, f.likely.mean_score, f.worst.mean_score};
  return d;
}

py::dict journeys_columns(const py::dict& columns, const std::vector<std::string>& touchpoint_names,
                          const journey_map* map, const py::object& outcome, std::uint64_t min_edge_count,
                          std::uint64_t min_variant_count, double min_path_share, const std::string& source) {
  if (!(min_path_share >= 0 && min_path_share <= 1)) throw py::value_error("min_path_share must lie in [0, 1]");
  journey_columns in = read_journey_columns(columns, touchpoint_names, outcome);
  journey_findings f = discover_journeys(in, map, min_edge_count, min_variant_count, min_path_share, source);
  const dictionary& names = in.log.touchpoints;
  py::dict out;
  out["edges"] = edge_columns(f.dfg);
  out["variants"] = variant_columns(f.variants, names);
  out["loops"] = loop_columns(f.loops, names);
  out["key_paths"] = key_path_columns(f, names);
  out["markov"] = f.markov ? py::object(markov_dict(*f.markov, names, true)) : py::object(py::none());
  out["dot"] = f.dot;
  out["customers"] = f.dfg.customers;
  out["events"] = f.dfg.events;
  out["drawing"] = py::cast(journeys_drawing{std::move(f.dfg), map ? std::optional<journey_map>(*map) : std::nullopt});
  return out;
}

using count_column = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// Removal effects and credits of ChannelAttribution's rows given as columns: `paths` (channels joined by
/// " > "), `conversions` and `nulls` (None: the column is absent). Errors name position k as row k + 1,
/// since row 0 means no row.
py::dict markov_paths_columns(const std::vector<std::string>& paths, const count_column& conversions,
                              const std::optional<count_column>& nulls, const std::string& source) {
  if (conversions.ndim() != 1 || static_cast<std::size_t>(conversions.size()) != paths.size() ||
      (nulls && (nulls->ndim() != 1 || static_cast<std::size_t>(nulls->size()) != paths.size())))
    throw py::value_error("markov_paths_columns: the count columns must be one-dimensional, one value per path");
  const double* converted = conversions.data();
  const double* not_converted = nulls ? nulls->data() : nullptr;
  channel_paths built;
  markov_result r;
  {
    py::gil_scoped_release no_gil;
    channel_paths_builder rows(source);
    for (std::size_t k = 0; k < paths.size(); ++k)
      rows.add_row(paths[k], converted[k], not_converted ? std::optional<path_count>(not_converted[k]) : std::nullopt,
                   k + 1);
    built = rows.finish();
    r = solve_markov(built.counts);
  }
  py::dict d = markov_dict(r, built.channels, false);
  d["rows"] = built.rows;
  return d;
}

}  // namespace

void bind_journeys(py::module_& m) {
  m.def("journeys_columns", &journeys_columns, py::arg("columns"), py::arg("touchpoint_names"),
        py::arg("journey_map") = nullptr, py::arg("outcome") = py::none(), py::arg("min_edge_count") = 0,
        py::arg("min_variant_count") = 0, py::arg("min_path_share") = 0.01, py::arg("source") = "<frame>",
        "Discovers journeys in prepared columns (see cxscore.journeys); the GIL is released meanwhile.");
  m.def("find_journey_bad_rows", &find_journey_bad_rows, py::arg("columns"), py::arg("journey_map"),
        "(positions, columns, values, reasons) of every row whose experience the journeys refuse.");
  m.def("markov_paths_columns", &markov_paths_columns, py::arg("paths"), py::arg("conversions"), py::arg("nulls"),
        py::arg("source") = "<paths>",
        "Removal effects of ChannelAttribution paths given as columns (see cxscore.markov_from_paths); the GIL is "
        "released meanwhile.");
}

}  // namespace cxscore::python
