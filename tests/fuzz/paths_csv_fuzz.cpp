// ChannelAttribution paths CSV: the general CSV reader and the row builder behind one entry.
#include "cxscore/io/paths_csv.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::expect_input_error_only([&] {
    const channel_paths p = parse_paths_csv(fuzz::as_text(data, size), "<fuzz>");
    (void)p;
  });
  return 0;
}
