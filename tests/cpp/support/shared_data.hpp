#pragma once
// The project's shared data sets (real event logs, reference tables) live outside the repository, in
// ../shared/data. A test that needs one skips, saying which file it missed, where a checkout has none.
#include <gtest/gtest.h>

#include <filesystem>

namespace cxscore_test {
inline std::filesystem::path shared_data(const std::filesystem::path& relative) {
  return std::filesystem::path(CXSCORE_SHARED_DATA) / relative;
}
}  // namespace cxscore_test

#define CXSCORE_SKIP_WITHOUT_SHARED_DATA(relative)                   \
  if (!std::filesystem::exists(cxscore_test::shared_data(relative))) \
  GTEST_SKIP() << "shared data set not found: " << cxscore_test::shared_data(relative)
