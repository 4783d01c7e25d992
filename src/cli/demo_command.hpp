#pragma once
// `cxscore demo`: scores a built-in simulated retail brand and prints the report, with its service and
// owner sections, and writes its HTML report.
#include <cstddef>
#include <cstdint>
#include <string>

namespace cxscore::cli {

struct demo_args {
  std::size_t customers = 2000;
  std::uint64_t seed = 42;
  std::string html = "demo.html";
};

int run_demo(const demo_args& args);

}  // namespace cxscore::cli
