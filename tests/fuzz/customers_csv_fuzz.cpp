// Customers CSV against a fixed set of event customers, strict and lenient: only input_error or success, and
// reading in 1, 3 or 7 pieces gives the same table, the same rejected rows and the same error.
#include <bit>
#include <cstdint>
#include <string>

#include "cxscore/io/customers_csv.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

namespace {

/// What a read gave, in a form two reads compare by: the table, the rejected rows, or the error's message.
std::string outcome_of(std::string_view text, const dictionary& customers, bool lenient, std::size_t chunks) {
  try {
    const customers_read_result r = parse_customers_csv(text, customers, lenient, {}, "<fuzz>", chunks);
    if (!lenient) fuzz::check(r.rejected.empty(), "strict read listed rejected rows");
    std::string s = std::to_string(r.without_events) + '\n';
    for (std::size_t c = 0; c < r.customers.size(); ++c)
      s += std::to_string(std::bit_cast<std::uint64_t>(r.customers.weight[c])) + ' ' +
           std::to_string(r.customers.segment[c]) + '\n';
    for (const auto& label : r.customers.segments.labels()) s += label + '\n';
    for (const auto& bad : r.rejected)
      s += std::to_string(bad.row) + bad.column + '\0' + bad.value + '\0' + bad.reason + '\n';
    return s;
  } catch (const input_error& e) {
    return std::string("error: ") + e.what();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dictionary customers = [] {
    dictionary d;
    for (const char* name : {"anna", "ben", "chloe", "dev", ""}) d.encode(name);
    return d;
  }();
  const std::string_view text = fuzz::as_text(data, size);
  for (const bool lenient : {false, true}) {
    fuzz::expect_input_error_only([&] { (void)outcome_of(text, customers, lenient, 0); });
    const std::string whole = outcome_of(text, customers, lenient, 1);
    for (const std::size_t chunks : {3, 7})
      fuzz::check(outcome_of(text, customers, lenient, chunks) == whole,
                  "reading in pieces differs from reading the whole");
  }
  return 0;
}
