// Model JSON: any bytes are a model or an input_error; an accepted model written back with to_json
// reads back and writes the same text again.
#include "cxscore/io/json.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_error_only([&] {
    const model m = parse_model_json(fuzz::as_text(data, size), "<fuzz>");
    const std::string once = to_json(m);
    model again;
    try {
      again = parse_model_json(once, "<fuzz: to_json>");
    } catch (const input_error& e) {
      fuzz::check(false, "to_json wrote a model that parse_model_json refuses");
    }
    fuzz::check(to_json(again) == once, "model JSON does not round-trip");
  });
  return 0;
}
