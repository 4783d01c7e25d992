// Map JSON: any bytes are a map or an input_error; an accepted map written back with to_json reads back
// and writes the same text again.
#include "cxscore/io/json.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_error_only([&] {
    const journey_map map = parse_map_json(fuzz::as_text(data, size), "<fuzz>");
    const std::string once = to_json(map);
    journey_map again;
    try {
      again = parse_map_json(once, "<fuzz: to_json>");
    } catch (const input_error& e) {
      fuzz::check(false, "to_json wrote a map that parse_map_json refuses");
    }
    fuzz::check(to_json(again) == once, "map JSON does not round-trip");
  });
  return 0;
}
