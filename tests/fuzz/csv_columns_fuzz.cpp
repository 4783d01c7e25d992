// Any CSV as typed columns (Python's read_events): beyond "input_error or success", every column holds one
// cell per record of its type, every label code names a label, and reading in 1, 3 or 7 chunks gives the
// same columns or the same error.
#include <bit>
#include <cstdint>
#include <string>

#include "fuzz_input.hpp"
#include "internal/csv_columns.hpp"

using namespace cxscore;

namespace {

/// What a read gave, in a form two reads compare by: each column's type and cells, or the error's message.
std::string outcome_of(std::string_view text, std::size_t chunks) {
  try {
    const auto columns = detail::parse_csv_columns(
        text, "<fuzz>", {.labels = {"customer", "touchpoint", "dimension"}, .time = "time", .chunks = chunks});
    std::string s;
    std::size_t rows = 0;
    for (std::size_t k = 0; k < columns.size(); ++k) {
      const detail::csv_column& c = columns[k];
      const std::size_t cells = c.cells();
      fuzz::check(k == 0 || cells == rows, "columns of different lengths");
      rows = cells;
      s += c.name + '\0' + std::to_string(static_cast<int>(c.type)) + '\n';
      for (const double x : c.numbers) s += std::to_string(std::bit_cast<std::uint64_t>(x)) + ' ';
      for (const std::int64_t t : c.nanoseconds) s += std::to_string(t) + ' ';
      for (const std::uint32_t code : c.codes) {
        fuzz::check(code < c.labels.size(), "a label code outside its labels");
        s += c.labels[code] + '\0';
      }
      s += '\n';
    }
    return s;
  } catch (const input_error& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  std::string whole;
  fuzz::expect_input_error_only([&] { whole = outcome_of(text, 1); });
  for (const std::size_t chunks : {3, 7})
    fuzz::check(outcome_of(text, chunks) == whole, "reading in chunks differs from reading the whole");
  return 0;
}
