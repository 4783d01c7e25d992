#pragma once
/// Rows in any order, read as customer-sorted rows: a stable counting sort of the row numbers by customer
/// code, and each block's rows copied out in that order. A customer's rows keep their input order, so the
/// customer-sorted path sums them exactly as it sums a customer-sorted file: any order of the rows between
/// customers gives the same bits.
///
/// ```cpp
/// const cxscore::detail::rows_by_customer order(events.customer, events.customer_count);
/// cxscore::detail::gathered_rows block;
/// const cxscore::event_view rows = block.gather(events, order.rows(0, 1024));  // customers 0 .. 1023
/// ```
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "cxscore/detail/kernel_target.hpp"
#include "cxscore/detail/prefetch.hpp"
#include "cxscore/error.hpp"
#include "cxscore/event_table.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

class rows_by_customer {
 public:
  rows_by_customer(std::span<const std::uint32_t> customer, std::size_t customers)
      : m_start(customers + 1, 0), m_rows(customer.size()) {
    if (customer.size() > std::numeric_limits<std::uint32_t>::max())
      fail({"events", 0, "", std::to_string(customer.size()) + " rows"},
           "more than 4,294,967,295 events in one call in no customer order: sort them by customer, or score "
           "them in parts (the summaries merge)");
    for (const std::uint32_t c : customer) ++m_start[c + 1];
    std::partial_sum(m_start.begin(), m_start.end(), m_start.begin());
    std::vector<std::size_t> next(m_start.begin(), m_start.end() - 1);
    for (std::size_t i = 0; i < customer.size(); ++i) m_rows[next[customer[i]]++] = static_cast<std::uint32_t>(i);
  }
  /// The rows of customers [first, last), customer after customer, each customer's in input order.
  [[nodiscard]] std::span<const std::uint32_t> rows(std::uint32_t first, std::uint32_t last) const noexcept {
    return {m_rows.data() + m_start[first], m_start[last] - m_start[first]};
  }

 private:
  std::vector<std::size_t> m_start;  ///< by customer code: its first position in m_rows
  std::vector<std::uint32_t> m_rows;
};

/// Some rows of an event_view copied into columns of their own, in the order given.
class gathered_rows {
 public:
  [[nodiscard]] event_view gather(const event_view& ev, std::span<const std::uint32_t> rows) {
    const std::size_t n = rows.size();
    copy(ev.customer, rows, m_customer);
    ev.touchpoint.visit([&](auto code_at) {
      m_touchpoint.resize(n);
      for (std::size_t k = 0; k < n; ++k) m_touchpoint[k] = code_at(rows[k]);
    });
    copy(ev.time, rows, m_time);
    copy(ev.experience, rows, m_experience);
    copy(ev.expectation, rows, m_expectation);
    m_dimension.resize(ev.dimension.empty() ? 0 : n);
    for (std::size_t k = 0; k < m_dimension.size(); ++k) m_dimension[k] = ev.dimension[rows[k]];
    return {m_customer,        m_touchpoint,      m_time, m_experience, m_expectation, m_dimension,
            ev.customer_count, ev.dimension_names};
  }

 private:
  /// column[rows[k]] for every k (nothing for an absent column), asking for the rows a little ahead: they
  /// lie anywhere in a column of any size.
  template <class T>
  static void copy(std::span<const T> column, std::span<const std::uint32_t> rows, std::vector<T>& out) {
    constexpr std::size_t ahead = 16;
    out.resize(column.empty() ? 0 : rows.size());
    for (std::size_t k = 0; k < out.size(); ++k) {
      if (k + ahead < out.size()) prefetch_at(column.data() + rows[k + ahead], 0);
      out[k] = column[rows[k]];
    }
  }

  std::vector<std::uint32_t> m_customer;
  std::vector<touchpoint_code> m_touchpoint;
  std::vector<double> m_time, m_experience, m_expectation;
  std::vector<std::int32_t> m_dimension;
};

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
