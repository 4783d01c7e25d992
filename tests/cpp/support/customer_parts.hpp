#pragma once
// Events split by customer, as a cluster's shuffle splits them: part k of n holds the rows of the customers
// whose code is k modulo n, in input order, with every column and dictionary of the whole (so the customer
// codes, the customer table and the dimension names stay valid).
#include <cstddef>

#include "cxscore/event_table.hpp"

namespace cxscore_test {

[[nodiscard]] inline cxscore::event_table customer_part(const cxscore::event_table& all, std::uint32_t part,
                                                        std::uint32_t parts) {
  cxscore::event_table p;
  p.customers = all.customers;
  p.dimensions = all.dimensions;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all.customer[i] % parts != part) continue;
    p.customer.push_back(all.customer[i]);
    p.touchpoint.push_back(all.touchpoint[i]);
    p.time.push_back(all.time[i]);
    p.experience.push_back(all.experience[i]);
    if (!all.expectation.empty()) p.expectation.push_back(all.expectation[i]);
    if (!all.dimension.empty()) p.dimension.push_back(all.dimension[i]);
    if (!all.signal.empty()) p.signal.push_back(all.signal[i]);
  }
  return p;
}

}  // namespace cxscore_test
