// Scoring columns that Python prepared: the event columns cross without a copy (the pure-Python layer
// makes them uint32 / float64 / int32 C-contiguous arrays), the core runs without the GIL, and the
// results come back as numpy arrays that own the C++ buffers.
#include <pybind11/stl.h>

#include <limits>
#include <span>

#include "bindings.hpp"
#include "cxscore/customer_table.hpp"
#include "cxscore/event_table.hpp"
#include "cxscore/group_tables.hpp"
#include "cxscore/io/results_csv.hpp"
#include "cxscore/score.hpp"
#include "cxscore/score_summaries.hpp"
#include "drawings.hpp"
#include "frame_view.hpp"
#include "internal/json_documents.hpp"
#include "json_objects.hpp"

namespace cxscore::python {

namespace {

py::dict group_table_dict(const group_table& table, const score_result& result) {
  py::dict d;
  d["key"] = table.key;
  d["names"] = table.names;
  std::vector<std::uint64_t> count;
  for (const auto& g : table.groups) count.push_back(g.count);
  d["count"] = to_numpy(std::move(count));
  for (const auto& measure : group_measures) {
    std::vector<double> values;
    for (const auto& g : table.groups) values.push_back(measure.value(g, result));
    d[py::str(std::string(measure.name))] = to_numpy(std::move(values));
  }
  return d;
}

/// The brand figures: summary.json's document.
py::object summary_dict(const score_result& r, const journey_map& map, const model& m, std::size_t rejected_rows,
                        std::size_t customers_without_events) {
  return to_python(detail::summary_document(r, map, m, rejected_rows, customers_without_events));
}

/// The brand figures (summary.json's document), the group tables as frames, and the files `cxscore score --out`
/// writes beside customers.csv (ScoreResult.to_folder), of a scoring run or of merged summaries.
py::dict brand_tables(const score_result& r, const journey_map& map, const model& m, const customer_table* customers,
                      std::size_t rejected_rows, std::size_t customers_without_events) {
  py::dict out;
  out["summary"] = summary_dict(r, map, m, rejected_rows, customers_without_events);
  py::list groups;
  py::list files;
  for (const group_table& table : group_tables(r, map, customers)) {
    groups.append(group_table_dict(table, r));
    files.append(py::make_tuple(table.key + "s.csv", py::bytes(group_csv(table, r))));
  }
  out["groups"] = groups;
  files.append(
      py::make_tuple("summary.json", py::bytes(summary_json(r, map, m, rejected_rows, customers_without_events))));
  out["files"] = files;
  return out;
}

/// brand_tables() of merged summaries (see cxscore.dask): `segment_names` in code order, "unassigned" first
/// (None: no customers table, the one segment "unassigned"). The drawing reads the merged sums.
py::dict score_tables(score_summaries summaries, const journey_map& map, const model& m,
                      const std::optional<std::vector<std::string>>& segment_names, std::size_t rejected_rows,
                      std::size_t customers_without_events) {
  std::optional<customer_table> segments;
  if (segment_names) {
    segments.emplace(0);  // "unassigned" is code 0 of every customer table
    for (const std::string& name : *segment_names) (void)segments->segments.encode(name);
    if (segments->segments.size() != summaries.segments.size())
      detail::fail({.file = "<summaries>", .column = "segments", .value = std::to_string(segment_names->size())},
                   "expected the names of the summaries' " + std::to_string(summaries.segments.size()) +
                       " segments, \"unassigned\" first, each once");
  }
  const score_result r = result_of(std::move(summaries));
  py::dict out = brand_tables(r, map, m, segments ? &*segments : nullptr, rejected_rows, customers_without_events);
  out["drawing"] = py::cast(score_drawing{r, map});
  return out;
}

py::dict score_columns(const py::dict& columns, const journey_map& map, const model& m, const customer_table* customers,
                       double as_of, const std::string& source, const py::object& customer_labels,
                       std::size_t rejected_rows, std::size_t customers_without_events, unsigned threads) {
  const frame_view frame(columns);
  score_result r;
  bool gil_released = false;
  {
    py::gil_scoped_release no_gil;
    gil_released = PyGILState_Check() == 0;
    r = score(frame.view, map, m,
              {.customers = customers,
               .customer_label =
                   [&](std::uint32_t code) {
      py::gil_scoped_acquire gil;
      return customer_labels.is_none() ? std::to_string(code)
                                       : py::str(customer_labels[py::int_(code)]).cast<std::string>();
               },
               .source = source,
               .as_of = as_of,
               .threads = threads,
               .screen_rows = true});
  }
  py::dict out = brand_tables(r, map, m, customers, rejected_rows, customers_without_events);
  out["summaries"] = summaries_of(r);
  out["customer_score"] = to_numpy(std::move(r.customer_score));
  out["customer_journey_score"] = to_numpy(std::move(r.customer_journey_score));
  out["customer_index"] = to_numpy(std::move(r.customer_index));
  out["customer_events"] = to_numpy(std::move(r.customer_events));
  // The rest of the result (per touchpoint and segment: small) stays for the impact chart.
  out["drawing"] = py::cast(score_drawing{std::move(r), map});
  // Where the core read each float64 column and each code column stored as bytes (a categorical's own
  // codes), so a test can see that no copy was made.
  py::dict addresses;
  addresses["touchpoint"] = reinterpret_cast<std::uintptr_t>(frame.view.touchpoint.data());
  addresses["dimension"] = reinterpret_cast<std::uintptr_t>(frame.view.dimension.data());
  addresses["time"] = reinterpret_cast<std::uintptr_t>(frame.view.time.data());
  addresses["experience"] = reinterpret_cast<std::uintptr_t>(frame.view.experience.data());
  addresses["expectation"] = reinterpret_cast<std::uintptr_t>(frame.view.expectation.data());
  out["input_addresses"] = addresses;
  out["gil_released_while_scoring"] = gil_released;
  return out;
}

/// Every bad row of a prepared frame: positions (0-based), columns, values and reasons.
py::tuple find_bad_rows(const py::dict& columns, const journey_map& map) {
  const frame_view frame(columns);
  return bad_rows_tuple(frame.view.size(), [&](std::size_t i) { return find_row_problem(frame.view, map, i); });
}

/// A customer table from a customers frame: per row the event code (-1 = no events), the weight and the
/// segment code (-1 = unassigned) into `segment_labels`. Returns (table, rows without events, problems)
/// where each problem is (position, column, reason) and its row was not applied.
py::tuple build_customer_table(const py::array_t<std::int64_t, py::array::c_style>& codes,
                               const py::array_t<double, py::array::c_style>& weights,
                               const py::array_t<std::int64_t, py::array::c_style>& segment_codes,
                               const std::vector<std::string>& segment_labels, std::size_t customer_count) {
  customer_table_builder builder(customer_count);
  py::list problems;
  const auto code = codes.unchecked<1>();
  const auto weight = weights.unchecked<1>();
  const auto segment = segment_codes.unchecked<1>();
  // Each label hashed once, on its first accepted row; index labels.size() stands for "no segment".
  constexpr std::uint32_t not_yet = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> encoded(segment_labels.size() + 1, not_yet);
  for (py::ssize_t k = 0; k < code.shape(0); ++k) {
    const std::optional<std::uint32_t> event_code =
        code(k) < 0 ? std::nullopt : std::optional<std::uint32_t>(static_cast<std::uint32_t>(code(k)));
    const std::size_t label = segment(k) < 0 ? segment_labels.size() : static_cast<std::size_t>(segment(k));
    if (label > segment_labels.size()) throw py::index_error("segment code out of range");
    auto segment_code = [&] {
      if (encoded[label] == not_yet)
        encoded[label] =
            builder.segment_code(label == segment_labels.size() ? std::string_view{} : segment_labels[label]);
      return encoded[label];
    };
    if (auto p = builder.add_with_segment_code(event_code, weight(k), segment_code, static_cast<std::size_t>(k) + 1))
      problems.append(py::make_tuple(k, p->column, p->reason));
  }
  const std::size_t without = builder.without_events();
  return py::make_tuple(std::move(builder).table(), without, problems);
}

}  // namespace

void bind_score(py::module_& m) {
  py::class_<customer_table>(m, "CustomerTable", "Weights and segments by customer code (built by cxscore.score).")
      .def_property_readonly(
          "weight", [](const customer_table& t) { return py::array_t<double>(t.weight.size(), t.weight.data()); })
      .def_property_readonly(
          "segment",
          [](const customer_table& t) { return py::array_t<std::uint32_t>(t.segment.size(), t.segment.data()); })
      .def_property_readonly("segment_names", [](const customer_table& t) { return t.segments.labels(); });
  m.def("score_columns", &score_columns, py::arg("columns"), py::arg("journey_map"), py::arg("model"),
        py::arg("customers") = nullptr, py::arg("as_of") = std::numeric_limits<double>::quiet_NaN(),
        py::arg("source") = "<frame>", py::arg("customer_labels") = py::none(), py::arg("rejected_rows") = 0,
        py::arg("customers_without_events") = 0, py::arg("threads") = 0,
        "Validates and scores prepared columns (see cxscore.score) on `threads` threads (0 = every core); "
        "the GIL is released meanwhile.");
  m.def("score_tables", &score_tables, py::arg("summaries"), py::arg("journey_map"), py::arg("model"),
        py::arg("segment_names") = py::none(), py::arg("rejected_rows") = 0, py::arg("customers_without_events") = 0,
        "score_columns' summary, group tables, files and drawing from merged ScoreSummaries (cxscore.dask).");
  m.def("find_bad_rows", &find_bad_rows, py::arg("columns"), py::arg("journey_map"),
        "(positions, columns, values, reasons) of every row the core refuses.");
  m.def("build_customer_table", &build_customer_table, py::arg("codes"), py::arg("weights"), py::arg("segment_codes"),
        py::arg("segment_labels"), py::arg("customer_count"),
        "(table, rows without events, problems) from a customers frame's prepared columns.");
}

}  // namespace cxscore::python
