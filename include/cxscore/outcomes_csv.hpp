#pragma once
/// Outcomes CSV, one row per customer: `customer, <outcome column>, ...` (e.g. `cxscore simulate`'s
/// `customer,nps,retained`). The outcome column holds 1/0, yes/no or true/false (success / failure).
/// Customers without events are ignored; a customer listed twice, an empty or unknown value is refused.
///
/// ```cpp
/// std::vector<std::int8_t> retained = cxscore::read_outcomes_csv("outcomes.csv", log.customers, "retained");
/// // retained[c]: 1, 0, or -1 when customer c has no row
/// ```
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/dictionary.hpp"

namespace cxscore {

inline constexpr std::int8_t no_outcome = -1;

[[nodiscard]] std::vector<std::int8_t> read_outcomes_csv(const std::filesystem::path& path, const dictionary& customers,
                                                         const std::string& outcome_column = "retained",
                                                         const std::map<std::string, std::string>& columns = {});
/// The same, from CSV text in memory; `source` names it in errors.
[[nodiscard]] std::vector<std::int8_t> parse_outcomes_csv(std::string_view text, const dictionary& customers,
                                                          const std::string& outcome_column = "retained",
                                                          const std::map<std::string, std::string>& columns = {},
                                                          const std::string& source = "<outcomes>");

}  // namespace cxscore
