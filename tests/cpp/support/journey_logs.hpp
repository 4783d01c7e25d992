#pragma once
// Helpers of the journey tests: the real logs by name, and the input_error a call throws.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

#include "cxscore/error.hpp"
#include "cxscore/io/event_log_csv.hpp"
#include "test_data.hpp"

namespace cxscore_test {

/// A real log of tests/data (case_id, activity, timestamp), or nullopt when it is not there.
inline std::optional<cxscore::event_log> real_log(const std::string& name) {
  const std::filesystem::path path = data_file(name);
  if (!std::filesystem::exists(path)) return std::nullopt;
  return cxscore::read_event_log_csv(
             path, nullptr,
             {.columns = cxscore::parse_column_renames("customer=case_id,touchpoint=activity,time=timestamp")})
      .log;
}

/// The input_error that `call()` throws; a test failure when it throws none.
template <class Call>
cxscore::input_error input_error_of(Call call) {
  try {
    call();
  } catch (const cxscore::input_error& e) {
    return e;
  }
  ADD_FAILURE() << "no input_error";
  return cxscore::input_error({}, "");
}

}  // namespace cxscore_test
