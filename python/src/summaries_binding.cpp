// Summaries that travel: a scoring run's mergeable part as bytes (cxscore/summary_bytes.hpp), so that Dask
// workers can score partitions and the client merge what they send. Pickles as those bytes.
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "bindings.hpp"
#include "cxscore/summary_bytes.hpp"

namespace cxscore::python {

namespace {

score_summaries from_python_bytes(const py::bytes& b) { return score_summaries_from_bytes(std::string_view(b)); }

}  // namespace

void bind_summaries(py::module_& m) {
  py::class_<score_summaries>(
      m, "ScoreSummaries",
      "The mergeable part of a scoring run (by touchpoint, by segment, the brand's sums, lambda); merging the "
      "summaries of partitions that each hold whole customers gives the one-pass brand figures.")
      .def_static("from_bytes", &from_python_bytes, py::arg("data"),
                  "Reads to_bytes()'s form; InputError for a wrong magic, version or kind, or a bad size.")
      .def(
          "to_bytes", [](const score_summaries& s) { return py::bytes(to_bytes(s)); },
          "Versioned little-endian bytes (cxscore/summary_bytes.hpp), the same on every platform.")
      .def("merge", &score_summaries::merge, py::arg("other"),
           "Adds `other`'s sums; InputError for summaries of another shape or model.")
      .def(
          "with_segment_codes",
          [](const score_summaries& s, const std::vector<std::uint32_t>& new_code, std::size_t count) {
    return s.with_segment_codes(new_code, count);
          },
          py::arg("new_code"), py::arg("count"), "The same sums with segment k recoded as new_code[k] of `count`.")
      .def_property_readonly("touchpoint_count", [](const score_summaries& s) { return s.touchpoints.size(); })
      .def_property_readonly("segment_count", [](const score_summaries& s) { return s.segments.size(); })
      .def_property_readonly("customers", [](const score_summaries& s) { return s.brand.customers; })
      .def_property_readonly("events", [](const score_summaries& s) { return s.brand.events; })
      .def(py::pickle([](const score_summaries& s) { return py::bytes(to_bytes(s)); }, &from_python_bytes));
}

}  // namespace cxscore::python
