// cxscore::live_scorer for Python: one event at a time, customers numbered by the pure-Python wrapper
// (cxscore.LiveScorer) as they appear. The core's scorer has a fixed number of customers, so customers
// live in blocks of `block` scorers added as the numbering grows; each keeps its own map copy's address.
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <deque>
#include <memory>

#include "bindings.hpp"
#include "cxscore/error.hpp"
#include "cxscore/live_scorer.hpp"

namespace cxscore::python {

namespace {

class growing_live_scorer {
 public:
  static constexpr std::uint32_t block = 4096;

  growing_live_scorer(const journey_map& map, const model& m, std::vector<std::string> dimension_names)
      : m_map(std::make_unique<journey_map>(map)), m_model(m), m_dimension_names(std::move(dimension_names)) {}

  py::dict update(std::uint32_t customer, const std::string& touchpoint, double time, double experience,
                  double expectation, const std::string& dimension) {
    const auto code = m_map->find(touchpoint);
    if (!code) throw input_error({"<live>", 0, "touchpoint", touchpoint}, "unknown touchpoint (not in the map)");
    std::int32_t dimension_code = no_dimension;
    if (!dimension.empty()) {
      const auto it = std::find(m_dimension_names.begin(), m_dimension_names.end(), dimension);
      if (it == m_dimension_names.end())
        throw input_error({"<live>", 0, "dimension", dimension}, "unknown dimension (not given to LiveScorer)");
      dimension_code = static_cast<std::int32_t>(it - m_dimension_names.begin());
    }
    while (customer / block >= m_blocks.size()) add_block();
    const live_update u = m_blocks[customer / block].update({.customer = customer % block,
                                                             .touchpoint = *code,
                                                             .time = time,
                                                             .experience = experience,
                                                             .expectation = expectation,
                                                             .dimension = dimension_code});
    return py::dict(py::arg("gap") = u.gap, py::arg("value") = u.value, py::arg("score") = u.score,
                    py::arg("index") = u.index, py::arg("previous_index") = u.previous_index);
  }

  [[nodiscard]] double score(std::uint32_t customer) const {
    return customer / block < m_blocks.size() ? m_blocks[customer / block].score(customer % block)
                                              : std::numeric_limits<double>::quiet_NaN();
  }
  [[nodiscard]] double index(std::uint32_t customer) const { return score_index(score(customer), m_model.lambda); }

  void on_threshold(double threshold, std::function<void(py::dict)> callback, std::uint64_t min_events) {
    m_threshold = threshold;
    m_callback = std::move(callback);
    m_min_events = min_events;
    for (std::size_t b = 0; b < m_blocks.size(); ++b) watch(b);
  }

 private:
  void add_block() {
    m_blocks.emplace_back(*m_map, m_model, block, m_dimension_names, "<live>");
    if (m_callback) watch(m_blocks.size() - 1);
  }
  void watch(std::size_t b) {
    const auto first = static_cast<std::uint32_t>(b * block);
    m_blocks[b].on_threshold(
        m_threshold,
        [this, first](const live_alert& a) {
      m_callback(py::dict(py::arg("customer") = first + a.customer,
                          py::arg("touchpoint") = std::string(a.touchpoint_name), py::arg("time") = a.time,
                          py::arg("gap") = a.gap, py::arg("index") = a.index,
                          py::arg("previous_index") = a.previous_index, py::arg("threshold") = a.threshold));
        },
        m_min_events);
  }

  std::unique_ptr<journey_map> m_map;  // the scorers keep a reference: a stable address
  model m_model;
  std::vector<std::string> m_dimension_names;
  std::deque<live_scorer> m_blocks;
  double m_threshold = 0;
  std::function<void(py::dict)> m_callback;
  std::uint64_t m_min_events = 1;
};

}  // namespace

void bind_live_scorer(py::module_& m) {
  py::class_<growing_live_scorer>(m, "LiveScorer", "The core of cxscore.LiveScorer: customers by number.")
      .def(py::init<const journey_map&, const model&, std::vector<std::string>>(), py::arg("journey_map"),
           py::arg("model"), py::arg("dimension_names") = std::vector<std::string>{})
      .def("update", &growing_live_scorer::update, py::arg("customer"), py::arg("touchpoint"), py::arg("time"),
           py::arg("experience"), py::arg("expectation") = std::numeric_limits<double>::quiet_NaN(),
           py::arg("dimension") = "", "Folds one event; a dict of gap, value, score, index, previous_index.")
      .def("score", &growing_live_scorer::score, py::arg("customer"), "The customer's score (NaN without events).")
      .def("index", &growing_live_scorer::index, py::arg("customer"), "The customer's index, 0-100.")
      .def("on_threshold", &growing_live_scorer::on_threshold, py::arg("threshold"), py::arg("callback"),
           py::arg("min_events") = 1, "Calls callback(dict) when a customer's index falls below threshold.");
}

}  // namespace cxscore::python
