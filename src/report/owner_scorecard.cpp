#include "cxscore/owner_scorecard.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cxscore {

std::string approximate_count(double x) {
  if (!std::isfinite(x)) return "n/a";
  const double magnitude = std::abs(x);
  if (magnitude == 0) return "0";
  auto exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const double rounded = std::round(magnitude / std::pow(10.0, exponent - 1)) * std::pow(10.0, exponent - 1);
  if (rounded >= std::pow(10.0, exponent + 1)) ++exponent;  // 999.6 -> 1,000
  std::string digits = fmt::format("{:.{}f}", rounded, std::max(0, 1 - exponent));
  const auto point = std::min(digits.find('.'), digits.size());
  for (auto at = static_cast<std::ptrdiff_t>(point) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return (x < 0 ? "-" : "") + digits;
}

std::string owner_verdict(const owner_scorecard& card, const journey_map& map) {
  const owner_touchpoint& worst = card.headline();
  const touchpoint& tp = map[worst.touchpoint];
  const char* what = tp.has_promise() ? "promise" : "expectation";
  std::string out = card.owner + ": ";
  if (worst.demand && worst.demand->counts.visitors > 0)
    out += fmt::format("{} {} unmet for {:.0f}% of customers", tp.name, what, 100 * worst.demand->unmet_customer_share());
  else
    out += fmt::format("{} {} unmet in {:.0f}% of encounters", tp.name, what, 100 * worst.summary.unmet_share());
  out += fmt::format(" ({:.0f}% of the brand's loss)", 100 * card.loss_share);
  if (card.caused_contacts > 0)
    out += fmt::format("; causes ~{} service contacts a month", approximate_count(card.caused_per_month));
  if (card.handled_contacts > 0)
    out += fmt::format("; handles ~{} contacts a month", approximate_count(card.handled_per_month));
  if (card.latest && !std::isnan(card.latest->change))
    out += fmt::format("; index {:.1f} in {}, {} {:.1f} from the previous window{}", card.latest->index,
                       card.latest->window.label, card.latest->change < 0 ? "down" : "up",
                       std::abs(card.latest->index_change),
                       card.latest->flagged ? " (beyond noise)" : " (within noise)");
  return out;
}

}  // namespace cxscore
