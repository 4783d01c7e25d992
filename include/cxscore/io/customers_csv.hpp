#pragma once
/// Customers CSV: `customer[, weight][, segment]` (header row, any order, RFC 4180). Each customer of
/// the events gets its row's weight (finite, >= 0; default 1) and segment (default "unassigned").
/// A customer listed twice is an error; customers without events are counted, not scored.
///
/// ```cpp
/// auto c = cxscore::read_customers_csv("customers.csv", events.customers);
/// auto result = cxscore::score(events.view(), map, model, {.customers = &c.customers});
/// ```
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cxscore/customer_table.hpp"
#include "cxscore/dictionary.hpp"
#include "cxscore/io/rejected_row.hpp"

namespace cxscore {

struct customers_read_result {
  customer_table customers;            ///< indexed by the events' customer codes
  std::size_t without_events = 0;      ///< rows naming a customer that has no events
  std::vector<rejected_row> rejected;  ///< lenient mode only
};

/// `chunks`: how many pieces the records are read in, each on a core of its own (0: one per core, with at least a
/// mebibyte each); whatever the number, the result is the same.
[[nodiscard]] customers_read_result parse_customers_csv(std::string_view text, const dictionary& event_customers,
                                                        bool lenient = false,
                                                        const std::map<std::string, std::string>& columns = {},
                                                        const std::string& source = "<customers>",
                                                        std::size_t chunks = 0);
[[nodiscard]] customers_read_result read_customers_csv(const std::filesystem::path& path,
                                                       const dictionary& event_customers, bool lenient = false,
                                                       const std::map<std::string, std::string>& columns = {});

}  // namespace cxscore
