#pragma once
/// Outcomes CSV, one row per customer: `customer, <outcome column>, ...` (e.g. `cxscore simulate`'s
/// `customer,nps,retained`). The outcome column holds 1/0, yes/no or true/false (success / failure).
/// Customers without events are ignored; an empty customer id, a customer listed twice, an empty or unknown
/// value is refused.
/// `read_outcome_values_csv` reads any numeric outcome (an NPS rating, revenue; yes/no and true/false
/// as 1/0) for the key-driver analysis: an empty cell there is an unanswered question (NaN, like a
/// customer without a row).
///
/// ```cpp
/// std::vector<std::int8_t> retained = cxscore::read_outcomes_csv("outcomes.csv", log.customers, "retained");
/// // retained[c]: 1, 0, or -1 when customer c has no row
/// std::vector<double> nps = cxscore::read_outcome_values_csv("outcomes.csv", events.customers, "nps");
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

/// Numeric outcomes per customer code (NaN = no row, or an empty cell).
[[nodiscard]] std::vector<double> read_outcome_values_csv(const std::filesystem::path& path,
                                                          const dictionary& customers,
                                                          const std::string& outcome_column,
                                                          const std::map<std::string, std::string>& columns = {});
[[nodiscard]] std::vector<double> parse_outcome_values_csv(std::string_view text, const dictionary& customers,
                                                           const std::string& outcome_column,
                                                           const std::map<std::string, std::string>& columns = {},
                                                           const std::string& source = "<outcomes>");

}  // namespace cxscore
