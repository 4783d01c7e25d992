// Summary bytes: any bytes are score summaries or an input_error; accepted bytes written back with to_bytes
// are the same bytes (the form has one spelling for each summary). Likewise for every other kind's decoder.
#include "cxscore/drivers/gram_summary_bytes.hpp"
#include "cxscore/io/directly_follows_bytes.hpp"
#include "cxscore/io/markov_bytes.hpp"
#include "cxscore/io/path_counts_bytes.hpp"
#include "cxscore/summary_bytes.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

namespace {

/// `decode(bytes)` is an input_error, or a summary whose to_bytes() gives `bytes` back.
template <class Decode>
void expect_one_spelling(const std::uint8_t* data, std::size_t size, Decode decode, const char* what) {
  fuzz::expect_input_error_only([&] {
    const auto s = decode(fuzz::as_text(data, size));
    fuzz::check(to_bytes(s) == fuzz::as_text(data, size), what);
  });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_error_only([&] {
    const score_summaries s = score_summaries_from_bytes(fuzz::as_text(data, size));
    fuzz::check(to_bytes(s) == fuzz::as_text(data, size), "summary bytes do not round-trip");
  });
  expect_one_spelling(data, size, directly_follows_from_bytes, "directly-follows bytes do not round-trip");
  expect_one_spelling(data, size, markov_counts_from_bytes, "Markov bytes do not round-trip");
  expect_one_spelling(data, size, path_counts_from_bytes, "path bytes do not round-trip");
  expect_one_spelling(data, size, gram_summary_from_bytes, "Gram summary bytes do not round-trip");
  return 0;
}
