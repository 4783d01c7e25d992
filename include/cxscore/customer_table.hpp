#pragma once
/// Per-customer attributes: weight psi (value, importance; default 1) and segment (default
/// "unassigned"), indexed by the events' customer code.
///
/// ```cpp
/// cxscore::customer_table c(events.customers.size());
/// c.set(events.customers.find("alice").value(), 2.0, "gold");
/// ```
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/dictionary.hpp"

namespace cxscore {

inline constexpr std::string_view unassigned_segment = "unassigned";

struct customer_table {
  std::vector<double> weight;
  std::vector<std::uint32_t> segment;
  dictionary segments;

  customer_table() = default;
  explicit customer_table(std::size_t customer_count) : weight(customer_count, 1.0) {
    segment.assign(customer_count, segments.encode(unassigned_segment));
  }
  void set(std::uint32_t customer, double w, std::string_view seg) { set_code(customer, w, segments.encode(seg)); }
  /// set() with the segment already encoded in `segments`.
  void set_code(std::uint32_t customer, double w, std::uint32_t segment_code) {
    weight[customer] = w;
    segment[customer] = segment_code;
  }
  [[nodiscard]] std::size_t size() const noexcept { return weight.size(); }
};

}  // namespace cxscore
