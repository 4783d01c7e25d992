#pragma once
/// Reading an event log CSV for journey discovery. Required columns: `customer, touchpoint, time` (rename
/// them with csv_read_options::columns, e.g. `customer=case_id,touchpoint=activity,time=timestamp`);
/// optional `experience` and `expectation`. Without a map every touchpoint name is accepted and no gap is
/// known. With a map, touchpoints must be in it (codes equal the map's), and the gap of each row comes
/// from its experience cell (an empty cell = not measured) or, for a touchpoint with a `measure`, from the
/// log itself (operational_experience.hpp).
///
/// ```cpp
/// auto read = cxscore::read_event_log_csv("bpic2012.csv", nullptr,
///     {.columns = cxscore::parse_column_renames("customer=case_id,touchpoint=activity,time=timestamp")});
/// std::size_t touchpoints = read.log.touchpoints.size();
/// ```
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cxscore/io/events_csv.hpp"
#include "cxscore/io/rejected_row.hpp"
#include "cxscore/journey_map.hpp"
#include "cxscore/journeys/event_log.hpp"

namespace cxscore {

struct event_log_read_result {
  event_log log;
  std::vector<rejected_row> rejected;
};

[[nodiscard]] event_log_read_result read_event_log_csv(const std::filesystem::path& path,
                                                       const journey_map* map = nullptr,
                                                       const csv_read_options& options = {});
/// The same, from CSV text in memory; `source` names it in errors.
[[nodiscard]] event_log_read_result parse_event_log_csv(std::string_view text, const journey_map* map = nullptr,
                                                        const csv_read_options& options = {},
                                                        const std::string& source = "<events>");

}  // namespace cxscore
