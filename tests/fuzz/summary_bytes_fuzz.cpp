// Summary bytes: any bytes are score summaries (or a Gram summary) or an input_error; accepted bytes written back
// with to_bytes are the same bytes (the form has one spelling for each summary).
#include "cxscore/drivers/gram_summary_bytes.hpp"
#include "cxscore/summary_bytes.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_error_only([&] {
    const score_summaries s = score_summaries_from_bytes(fuzz::as_text(data, size));
    fuzz::check(to_bytes(s) == fuzz::as_text(data, size), "summary bytes do not round-trip");
  });
  fuzz::expect_input_error_only([&] {
    const gram_summary g = gram_summary_from_bytes(fuzz::as_text(data, size));
    fuzz::check(to_bytes(g) == fuzz::as_text(data, size), "Gram summary bytes do not round-trip");
  });
  return 0;
}
