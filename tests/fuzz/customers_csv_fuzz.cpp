// Customers CSV against a fixed set of event customers, strict and lenient.
#include "cxscore/io/customers_csv.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dictionary customers = [] {
    dictionary d;
    for (const char* name : {"anna", "ben", "chloe", "dev", ""}) d.encode(name);
    return d;
  }();
  const std::string_view text = fuzz::as_text(data, size);
  for (const bool lenient : {false, true}) {
    fuzz::expect_input_error_only([&] {
      const customers_read_result r = parse_customers_csv(text, customers, lenient, {}, "<fuzz>");
      if (!lenient) fuzz::check(r.rejected.empty(), "strict read listed rejected rows");
    });
  }
  return 0;
}
