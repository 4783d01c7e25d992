#pragma once
// `cxscore demo`: scores a built-in simulated retail brand and prints the report, with its service and
// owner sections.
#include <cstddef>
#include <cstdint>

namespace cxscore::cli {

struct demo_args {
  std::size_t customers = 2000;
  std::uint64_t seed = 42;
};

int run_demo(const demo_args& args);

}  // namespace cxscore::cli
