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
#include "cxscore/io/directly_follows_bytes.hpp"
#include "cxscore/io/markov_bytes.hpp"
#include "cxscore/io/path_counts_bytes.hpp"
#include "cxscore/io/paths_csv.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/directly_follows.hpp"
#include "cxscore/journeys/journey_analytics.hpp"
#include "cxscore/journeys/journey_log.hpp"
#include "cxscore/journeys/journey_summaries.hpp"
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

/// The summaries of `in` (filling in its gaps when there is a map), without holding the GIL.
journey_summaries summarise_columns(journey_columns& in, const journey_map* map, const std::string& source) {
  py::gil_scoped_release no_gil;
  event_log& log = in.log;
  const journey_order order = order_journeys(log);  // customer and time only: the gaps do not change it
  if (map) measure_gaps(log, *map, order, in.experience, in.expectation, source);
  std::vector<double> weights;
  if (map)
    for (std::size_t t = 0; t < map->size(); ++t) weights.push_back((*map)[static_cast<touchpoint_code>(t)].weight);
  const model prospect = model::prospect();
  return summarise_journeys(
      log, order, [&](double g) { return gap_value(g, prospect); }, weights, in.outcomes);
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

/// The touchpoint names of summaries, by code.
std::vector<std::string> touchpoint_names_of(const journey_summaries& s) {
  std::vector<std::string> names;
  for (std::size_t v = 0; v < boost::num_vertices(s.dfg.graph); ++v) names.push_back(s.dfg.graph[v].name);
  return names;
}

/// Everything `cxscore journeys` reports, from summaries (of one pass, or merged).
py::dict journeys_tables(const journey_summaries& s, const journey_map* map, std::uint64_t min_edge_count,
                         std::uint64_t min_variant_count, double min_path_share) {
  if (!(min_path_share >= 0 && min_path_share <= 1)) throw py::value_error("min_path_share must lie in [0, 1]");
  journey_findings f;
  std::string dot;
  {
    py::gil_scoped_release no_gil;
    f = find_journeys(s, min_edge_count, min_variant_count, min_path_share);
    dot = to_dot(f.dfg, map ? map->name() : "journeys");
  }
  dictionary names;
  for (const auto& name : touchpoint_names_of(s)) names.encode(name);
  py::dict out;
  out["edges"] = edge_columns(f.dfg);
  out["variants"] = variant_columns(f.variants, names);
  out["loops"] = loop_columns(f.loops, names);
  out["key_paths"] = key_path_columns(f, names);
  out["markov"] = f.markov ? py::object(markov_dict(*f.markov, names, true)) : py::object(py::none());
  out["dot"] = dot;
  out["customers"] = f.dfg.customers;
  out["events"] = f.dfg.events;
  out["drawing"] = py::cast(journeys_drawing{std::move(f.dfg), map ? std::optional<journey_map>(*map) : std::nullopt});
  return out;
}

journey_summaries journey_summaries_columns(const py::dict& columns, const std::vector<std::string>& touchpoint_names,
                                            const journey_map* map, const py::object& outcome,
                                            const std::string& source) {
  journey_columns in = read_journey_columns(columns, touchpoint_names, outcome);
  return summarise_columns(in, map, source);
}

py::dict journeys_columns(const py::dict& columns, const std::vector<std::string>& touchpoint_names,
                          const journey_map* map, const py::object& outcome, std::uint64_t min_edge_count,
                          std::uint64_t min_variant_count, double min_path_share, const std::string& source) {
  if (!(min_path_share >= 0 && min_path_share <= 1)) throw py::value_error("min_path_share must lie in [0, 1]");
  return journeys_tables(journey_summaries_columns(columns, touchpoint_names, map, outcome, source), map,
                         min_edge_count, min_variant_count, min_path_share);
}

/// The summaries of the three byte forms (markov None: no outcomes).
journey_summaries summaries_from_bytes(const py::bytes& dfg, const py::bytes& paths, const py::object& markov) {
  journey_summaries s{.dfg = directly_follows_from_bytes(std::string_view(dfg)),
                      .paths = path_counts_from_bytes(std::string_view(paths)),
                      .markov = std::nullopt};
  if (!markov.is_none()) s.markov = markov_counts_from_bytes(std::string_view(markov.cast<py::bytes>()));
  const std::size_t touchpoints = boost::num_vertices(s.dfg.graph);
  if (s.paths.touchpoints != touchpoints || (s.markov && s.markov->touchpoints() != touchpoints))
    detail::fail({.file = "<summary bytes>", .column = "touchpoints", .value = std::to_string(s.paths.touchpoints)},
                 "the directly-follows, path and Markov summaries count different touchpoints");
  return s;
}

py::tuple summaries_to_bytes(const journey_summaries& s) {
  return py::make_tuple(py::bytes(to_bytes(s.dfg)), py::bytes(to_bytes(s.paths)),
                        s.markov ? py::object(py::bytes(to_bytes(*s.markov))) : py::object(py::none()));
}

void bind_journey_summaries(py::module_& m) {
  py::class_<journey_summaries>(
      m, "JourneySummaries",
      "The mergeable part of a journeys run: directly-follows counts, path counts and, with outcomes, Markov "
      "transition counts; merging the summaries of partitions that each hold whole customers gives the one-pass "
      "tables (journeys_tables).")
      .def_static("from_bytes", &summaries_from_bytes, py::arg("directly_follows"), py::arg("paths"),
                  py::arg("markov") = py::none(),
                  "Reads to_bytes()'s three forms; InputError for a wrong magic, version, kind, size or count.")
      .def("to_bytes", &summaries_to_bytes,
           "(directly-follows, paths, Markov or None): versioned little-endian bytes, the same on every platform.")
      .def("merge", &journey_summaries::merge, py::arg("other"),
           "Adds `other`'s counts; ValueError for summaries of other touchpoints, or one with outcomes and one "
           "without.")
      .def(
          "recoded",
          [](const journey_summaries& s, const std::vector<std::uint32_t>& codes,
             const std::vector<std::string>& names) { return s.recoded(codes, names); },
          py::arg("codes"), py::arg("names"), "The same counts with touchpoint k recoded as codes[k] of `names`.")
      .def_property_readonly("touchpoint_names", &touchpoint_names_of)
      .def_property_readonly("customers", [](const journey_summaries& s) { return s.dfg.customers; })
      .def_property_readonly("events", [](const journey_summaries& s) { return s.dfg.events; })
      .def(py::pickle(&summaries_to_bytes, [](const py::tuple& t) {
        if (t.size() != 3) throw py::value_error("JourneySummaries pickles as three byte strings");
        return summaries_from_bytes(t[0].cast<py::bytes>(), t[1].cast<py::bytes>(), t[2]);
      }));
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
  bind_journey_summaries(m);
  m.def("journey_summaries_columns", &journey_summaries_columns, py::arg("columns"), py::arg("touchpoint_names"),
        py::arg("journey_map") = nullptr, py::arg("outcome") = py::none(), py::arg("source") = "<frame>",
        "The journeys' summaries of prepared columns (see journeys_columns); the GIL is released meanwhile.");
  m.def("journeys_tables", &journeys_tables, py::arg("summaries"), py::arg("journey_map") = nullptr,
        py::arg("min_edge_count") = 0, py::arg("min_variant_count") = 0, py::arg("min_path_share") = 0.01,
        "What journeys_columns returns, from summaries (of one pass, or merged); the GIL is released meanwhile.");
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
