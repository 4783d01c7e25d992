#pragma once
// The real data sets the tests read (event logs, reference tables): tests/data, with their sources in its
// README. A test that needs one fails, naming the file, should a copy lack it: nothing is skipped for want
// of data.
#include <gtest/gtest.h>

#include <filesystem>

namespace cxscore_test {
inline std::filesystem::path data_file(const std::filesystem::path& relative) {
  return std::filesystem::path(CXSCORE_TEST_DATA) / relative;
}
}  // namespace cxscore_test

/// Fails the test (the data are part of the repository: a copy without them is broken), naming the file.
#define CXSCORE_REQUIRE_TEST_DATA(relative)                        \
  if (!std::filesystem::exists(cxscore_test::data_file(relative))) \
  GTEST_FAIL() << "data set missing from tests/data: " << cxscore_test::data_file(relative)
