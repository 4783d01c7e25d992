// Driver-table CSV: outcome `nps`, drivers and id column left to the reader's defaults, then the same
// bytes with an explicit id and driver list.
#include <cmath>

#include "cxscore/drivers/driver_table.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const driver_csv_options by_default{.outcome = "nps"};
  const driver_csv_options named{.outcome = "nps", .drivers = {"website", "delivery"}, .id = "customer"};
  for (const driver_csv_options* options : {&by_default, &named}) {
    fuzz::expect_input_error_only([&] {
      const driver_table t = parse_driver_table_csv(text, *options, "<fuzz>");
      fuzz::check(t.data.cols() == static_cast<Eigen::Index>(t.drivers.size() + 1), "one column per driver + outcome");
      fuzz::check(t.data.allFinite(), "a driver table cell is not finite");
      fuzz::check(t.rows.size() == static_cast<std::size_t>(t.data.rows()), "one CSV row number per data row");
    });
  }
  return 0;
}
