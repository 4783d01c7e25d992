#include "cxscore/monitor/owner_scorecard.hpp"

#include <fmt/format.h>

#include <cmath>

#include "internal/finite_output.hpp"

namespace cxscore {

std::string approximate_count(double x) {
  if (std::isnan(x)) return detail::undefined_text;
  if (std::isinf(x)) detail::non_finite_output(x);
  const double magnitude = std::abs(x);
  if (magnitude == 0) return "0";
  auto exponent = static_cast<int>(std::floor(std::log10(magnitude)));
  const double rounded = std::round(magnitude / std::pow(10.0, exponent - 1)) * std::pow(10.0, exponent - 1);
  if (rounded >= std::pow(10.0, exponent + 1)) ++exponent;  // 999.6 -> 1,000
  std::string digits = fmt::format("{:.{}f}", rounded, std::max(0, 1 - exponent));
  const auto point = std::min(digits.find('.'), digits.size());
  for (auto at = static_cast<std::ptrdiff_t>(point) - 3; at > 0; at -= 3)
    digits.insert(static_cast<std::size_t>(at), ",");
  return (x < 0 ? "-" : "") + digits;
}

std::string owner_verdict(const owner_scorecard& card, const journey_map& map) {
  const owner_touchpoint& worst = card.headline();
  const touchpoint& tp = map[worst.touchpoint];
  const char* what = tp.has_promise() ? "promise" : "expectation";
  std::string out = card.owner + ": ";
  // Shares among no customers or no (weighted) encounters are undefined: say so instead.
  if (!(card.summary.weight > 0)) return out + "no weighted encounters at its touchpoints";
  // Each share names its denominator: a customer with one unmet visit among several counts once.
  if (worst.demand && worst.demand->counts.visitors > 0 && worst.summary.weight > 0)
    out += fmt::format("{} {} unmet for {} of its customers ({} of its encounters)", tp.name, what,
                       detail::percent_text(worst.demand->unmet_customer_share(), 1),
                       detail::percent_text(worst.summary.unmet_share(), 1));
  else if (worst.demand && worst.demand->counts.visitors > 0)
    out += fmt::format("{} {} unmet for {} of its customers", tp.name, what,
                       detail::percent_text(worst.demand->unmet_customer_share(), 1));
  else if (worst.summary.weight > 0)
    out += fmt::format("{} {} unmet in {} of its encounters", tp.name, what,
                       detail::percent_text(worst.summary.unmet_share(), 1));
  else
    out += fmt::format("{} had no weighted encounters", tp.name);
  out += fmt::format("; {} of the brand's loss", detail::percent_text(card.loss_share, 0));
  if (card.caused_contacts > 0)
    out += fmt::format("; causes ~{} service contacts a month", approximate_count(card.caused_per_month));
  if (card.handled_contacts > 0)
    out += fmt::format("; handles ~{} contacts a month", approximate_count(card.handled_per_month));
  if (card.latest && !std::isnan(card.latest->change))
    out +=
        fmt::format("; index {} in {}, {} {} points from the previous window{}",
                    detail::fixed_text(card.latest->index, 1), card.latest->window.label,
                    card.latest->change < 0 ? "down" : "up", detail::fixed_text(std::abs(card.latest->index_change), 1),
                    card.latest->flagged ? " (flagged)" : " (not flagged)");
  return out;
}

}  // namespace cxscore
