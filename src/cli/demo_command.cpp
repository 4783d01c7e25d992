#include "demo_command.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "command_inputs.hpp"
#include "cxscore/report/report.hpp"
#include "cxscore/sim/simulate.hpp"
#include "owners_command.hpp"
#include "report_command.hpp"

namespace cxscore::cli {
namespace {

// A folder of our own under the system's temporary folder, removed however the demo ends.
struct temporary_folder {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("cxscore-demo-" + std::to_string(::getpid()));
  temporary_folder() { std::filesystem::create_directories(path); }
  ~temporary_folder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  temporary_folder(const temporary_folder&) = delete;
  temporary_folder& operator=(const temporary_folder&) = delete;
};

}  // namespace

int run_demo(const demo_args& a) {
  const simulated_brand brand = simulate({.customers = a.customers, .seed = a.seed});
  const score_result result =
      score_events(brand.events, brand.map, brand.model, {.customers = &brand.customers, .source = "<demo>"});
  std::cout << render_report(result, brand.map,
                             {.title = fmt::format("cxscore demo (simulated retail brand, seed {}, model {}, "
                                                   "SERVQUAL items weighted 1/6)",
                                                   a.seed, brand.model.preset)});
  std::cout << '\n' << service_and_owner_sections(brand.events, brand.map, brand.model, &brand.customers, result);
  // The page is `cxscore report` of the files `cxscore simulate` writes for the same brand, so every number
  // on it can be checked against the other commands' CSVs of those files.
  const temporary_folder files;
  write_simulation(brand, files.path);
  report_args report;
  report.inputs.map = (files.path / "map.json").string();
  report.inputs.events = (files.path / "events.csv").string();
  report.inputs.customers = (files.path / "customers.csv").string();
  report.inputs.model = (files.path / "model.json").string();
  report.outcomes = (files.path / "outcomes.csv").string();
  report.title = fmt::format("cxscore demo: simulated retail brand ({} customers, seed {})", a.customers, a.seed);
  (void)write_report(report, a.html);
  std::cout << fmt::format("\nwrote the HTML report {}\n", std::filesystem::absolute(a.html).string());
  return 0;
}

}  // namespace cxscore::cli
