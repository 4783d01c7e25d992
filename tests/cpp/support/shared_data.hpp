#pragma once
// The real data sets the tests read (event logs, reference tables): tests/data, with their sources in its
// README. A test that needs one skips, saying which file it missed, should a copy lack it.
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
