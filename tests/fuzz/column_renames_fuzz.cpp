// `--columns` text: the first line of the input is the rename spec, the rest an events CSV read with
// those renames. The spec parser and the renamed header lookup both answer with input_error or a table.
#include "cxscore/io/events_csv.hpp"
#include "fuzz_input.hpp"
#include "fuzz_map.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::as_text(data, size);
  const std::size_t newline = std::min(text.find('\n'), text.size());
  const std::string spec(text.substr(0, newline));
  const std::string_view csv = newline < text.size() ? text.substr(newline + 1) : std::string_view{};
  fuzz::expect_input_error_only([&] {
    const std::map<std::string, std::string> columns = parse_column_renames(spec);
    const events_read_result r = parse_events_csv(csv, fuzz::example_map(), {.columns = columns}, "<fuzz>");
    validate(r.events.view(), fuzz::example_map(), "<fuzz>");
  });
  return 0;
}
