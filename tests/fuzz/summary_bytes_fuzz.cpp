// Summary bytes: any bytes are summaries of each kind or an input_error; accepted bytes written back with
// to_bytes are the same bytes (the form has one spelling for each summary).
#include "cxscore/io/directly_follows_bytes.hpp"
#include "cxscore/io/gram_summary_bytes.hpp"
#include "cxscore/io/markov_bytes.hpp"
#include "cxscore/io/path_counts_bytes.hpp"
#include "cxscore/io/service_bytes.hpp"
#include "cxscore/io/window_bytes.hpp"
#include "cxscore/summary_bytes.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

namespace {

template <class Decode>
void expect_round_trip(std::string_view bytes, Decode decode) {
  fuzz::expect_input_error_only(
      [&] { fuzz::check(to_bytes(decode(bytes)) == bytes, "summary bytes do not round-trip"); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes = fuzz::as_text(data, size);
  expect_round_trip(bytes, score_summaries_from_bytes);
  expect_round_trip(bytes, gram_summary_from_bytes);
  expect_round_trip(bytes, service_attribution_from_bytes);
  expect_round_trip(bytes, window_sums_from_bytes);
  expect_round_trip(bytes, directly_follows_from_bytes);
  expect_round_trip(bytes, markov_counts_from_bytes);
  expect_round_trip(bytes, path_counts_from_bytes);
  return 0;
}
