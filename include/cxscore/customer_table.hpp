#pragma once
/// Per-customer attributes: weight psi (value, importance; default 1) and segment (default
/// "unassigned"), indexed by the events' customer code.
///
/// ```cpp
/// cxscore::customer_table c(events.customers.size());
/// c.set(events.customers.find("alice").value(), 2.0, "gold");
/// ```
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/detail/prefetch.hpp"
#include "cxscore/detail/text.hpp"
#include "cxscore/dictionary.hpp"
#include "cxscore/event_table.hpp"

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

/// Builds a customer_table row by row from a customers listing (a file, a DataFrame): each row names a
/// customer of the events (or one without events, which is counted), a weight and a segment. The one
/// place where the listing's rules live, whatever it was read from.
///
/// ```cpp
/// cxscore::customer_table_builder b(events.customers.size());
/// if (auto p = b.add(events.customers.find("alice"), 2.0, "gold", /*row*/ 2)) std::cerr << p->reason;
/// cxscore::customer_table table = std::move(b).table();
/// ```
class customer_table_builder {
 public:
  explicit customer_table_builder(std::size_t customer_count)
      : m_table(customer_count), m_listed_on_row(customer_count, 0) {}

  /// Adds a row: `code` is the customer's event code (nullopt = the customer has no events), `row` the
  /// row's number for messages. An empty segment means unassigned. Returns what is wrong, if anything;
  /// a refused row changes nothing.
  [[nodiscard]] std::optional<cell_problem> add(std::optional<std::uint32_t> code, double weight,
                                                std::string_view segment, std::size_t row) {
    return add_with_segment_code(
        code, weight, [&] { return segment_code(segment); }, row);
  }

  /// The segment's code in the table being built (empty = unassigned); encodes a new label.
  [[nodiscard]] std::uint32_t segment_code(std::string_view segment) {
    return m_table.segments.encode(segment.empty() ? unassigned_segment : segment);
  }

  /// add() for callers that hold their segment labels as codes of their own: `segment_code()` is called
  /// only for an accepted row, so a caller can encode each label once (through segment_code(std::string_view))
  /// on its first accepted row and reuse the code, without hashing the label on every row.
  template <class SegmentCode>
  [[nodiscard]] std::optional<cell_problem> add_with_segment_code(std::optional<std::uint32_t> code, double weight,
                                                                  SegmentCode&& segment_code, std::size_t row) {
    if (!(weight >= 0 && weight <= max_weight))
      return cell_problem{"weight", "a customer weight must be finite, >= 0 and at most 1e9"};
    if (!code) {
      ++m_without_events;
      return std::nullopt;
    }
    if (m_listed_on_row[*code] != 0)
      return cell_problem{"customer", detail::listed_twice("customer", m_listed_on_row[*code])};
    m_listed_on_row[*code] = row;
    m_table.set_code(*code, weight, segment_code());
    return std::nullopt;
  }

  /// Asks for the memory that a row of customer `code` reads and writes, a few rows before it is added: a
  /// listing in another order than the codes' adds each row at a random place.
  void expect(std::uint32_t code) const noexcept {
    detail::prefetch_for_write(m_listed_on_row.data(), code * sizeof(std::size_t));
    detail::prefetch_for_write(m_table.weight.data(), code * sizeof(double));
    detail::prefetch_for_write(m_table.segment.data(), code * sizeof(std::uint32_t));
  }

  /// Rows naming a customer that has no events.
  [[nodiscard]] std::size_t without_events() const noexcept { return m_without_events; }
  [[nodiscard]] customer_table table() && { return std::move(m_table); }

 private:
  customer_table m_table;
  std::vector<std::size_t> m_listed_on_row;
  std::size_t m_without_events = 0;
};

}  // namespace cxscore
