#pragma once
/// A row that a lenient reader skipped, and why: nothing is dropped silently.
#include <cstddef>
#include <string>
#include <vector>

#include "cxscore/error.hpp"

namespace cxscore {

struct rejected_row {
  std::string file;
  std::size_t row = 0;
  std::string column;
  std::string value;
  std::string reason;

  [[nodiscard]] static rejected_row from(const input_error& e) {
    return {e.where().file, e.where().row, e.where().column, e.where().value, e.reason()};
  }
};

/// rejected.csv as lenient commands write it: `file, row, column, value, reason`, one row each.
[[nodiscard]] std::string rejected_csv(const std::vector<rejected_row>& rows);

}  // namespace cxscore
