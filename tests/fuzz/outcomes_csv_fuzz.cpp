// Outcomes CSV: the binary reader (retained) and the numeric one (nps) on the same bytes.
#include <cmath>

#include "cxscore/io/outcomes_csv.hpp"
#include "fuzz_input.hpp"

using namespace cxscore;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const dictionary customers = [] {
    dictionary d;
    for (const char* name : {"anna", "ben", "chloe", "dev"}) d.encode(name);
    return d;
  }();
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::expect_input_error_only([&] {
    const std::vector<std::int8_t> v = parse_outcomes_csv(text, customers, "retained", {}, "<fuzz>");
    fuzz::check(v.size() == customers.size(), "one binary outcome per customer");
    for (const std::int8_t o : v) fuzz::check(o == 0 || o == 1 || o == no_outcome, "binary outcome out of range");
  });
  fuzz::expect_input_error_only([&] {
    const std::vector<double> v = parse_outcome_values_csv(text, customers, "nps", {}, "<fuzz>");
    fuzz::check(v.size() == customers.size(), "one numeric outcome per customer");
    for (const double o : v) fuzz::check(!std::isinf(o), "numeric outcome is infinite");
  });
  return 0;
}
