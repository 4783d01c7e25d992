#pragma once
/// A sum of doubles kept as an unevaluated pair hi + lo, each addition's rounding error carried in lo (Knuth's
/// TwoSum, TAOCP vol. 2, 4.2.2): about 106 bits, so the total rounded to a double is, but for a tie within
/// 2^-100 of the total, the same whatever the order of addition or merging. What a window's mean is taken
/// from, where the change between two windows of nearly equal values would otherwise depend on their last bits.
namespace cxscore::detail {

struct compensated_sum {
  double hi = 0;
  double lo = 0;

  void add(double x) noexcept {
    const double s = hi + x;
    const double back = s - hi;
    lo += (hi - (s - back)) + (x - back);
    hi = s;
  }
  void merge(const compensated_sum& o) noexcept {
    add(o.hi);
    lo += o.lo;
  }
  [[nodiscard]] double value() const noexcept { return hi + lo; }
};

}  // namespace cxscore::detail
