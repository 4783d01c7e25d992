#pragma once
/// The brand-level figure of service demand: how many of all service contacts upstream unmet
/// expectations explain, with a confidence interval.
///
/// Summing the touchpoints' caused contacts counts a contact once for every unmet visit whose window
/// holds it; when experiences are correlated (a late parcel and a poor courier rating an hour later) the
/// sum overstates the total. Here every contact is explained once, by a joint model of all the visits
/// whose windows hold it:
///
/// - each experience visit of touchpoint t adds, in its window `(τ, τ + window]`, contacts at a rate
///   `r(t, unmet)` or `r(t, met)` (an additive Poisson model; the same window as the per-touchpoint table);
/// - the rates are the maximum-likelihood estimates: with `x_c` the visits of each (touchpoint, met/unmet)
///   category whose window holds contact c and `n` the visits of each category, maximise
///   `L(r) = Σ_c log(x_c · r) − n · r` over r ≥ 0 (concave, so the optimum is global) by the EM algorithm
///   (each contact is shared among the visits that could have caused it in proportion to their rates;
///   the shares add up to 1, so no contact counts twice), finished by Newton's method. Contacts that share the same `x_c` are pooled;
///   contacts with no visit in their window are not explained;
/// - **explained contacts** `E = Σ_t (r(t, unmet) − r(t, met)) · unmet_visits(t)` over touchpoints with
///   both met and unmet visits: the contacts there would have been fewer had every unmet visit been met;
/// - the standard error: `Var(E) = aᵀ I⁻¹ a` with I the observed information `Σ_c x_c x_cᵀ / (x_c · r)²`
///   and `a = ∂E/∂r`. I is taken over the categories with a positive rate: a rate at 0 (e.g. of a
///   category that no contact's window holds) is held there by the constraint r ≥ 0, not estimated;
/// - `share = E / all service contacts`, a share of contacts in [0, 1] when E ≥ 0 (the fitted contacts
///   after all visits add up to the covered contacts, so E cannot exceed them). Its interval is the
///   delta-method interval on the logit scale, `expit(logit(share) ± z·SE / (share (1 − share)))` with
///   `SE = SE(E) / contacts`, which stays inside (0, 1) by construction where `share ± z·SE` can reach
///   below 0 or above 1 when SE is large (the logit interval of a proportion: Newcombe 1998, Stat. Med.
///   17:857–872; Agresti 2013, Categorical Data Analysis, 3rd ed.). The interval of E is the share's times
///   the contacts. Where the share is at or beyond a bound (E ≤ 0: unmet visits are followed by no more
///   contacts than met ones; no contacts) or the SE is unknown, the interval is unknown (NaN) and
///   `interval_note()` says why.
///
/// When no two windows overlap, every contact has one candidate visit and the rates, E and its SE equal
/// the per-touchpoint table's `rate_unmet`, `rate_met` and `Σ caused_contacts` with its Poisson SE.
///
/// ```cpp
/// const auto a = cxscore::attribute_service_demand(events.view(), map);
/// std::printf("%.0f%% [%.0f%%, %.0f%%] of contacts\n", 100 * a.brand.share(), 100 * a.brand.share_ci_low(),
///             100 * a.brand.share_ci_high());  // NaN bounds: a.brand.interval_note() says why
/// ```
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

namespace cxscore {

/// The visits whose windows hold a contact, as sorted (category, count) pairs flattened
/// `[k1, x1, k2, x2, ...]`, category `k = 2·touchpoint + (unmet ? 1 : 0)`, mapped to the number of
/// contacts held by exactly those visits. Integer counts: merging maps gives the one-pass answer.
using contact_covers = std::map<std::vector<std::uint32_t>, std::uint64_t>;

struct explained_share {
  std::uint64_t contacts = 0;          ///< all service contacts
  std::uint64_t covered_contacts = 0;  ///< contacts with at least one visit in their window
  std::vector<double> rate_unmet;      ///< by touchpoint: the model's contacts per unmet visit (NaN: none)
  std::vector<double> rate_met;        ///< by touchpoint: per met visit (NaN: none)
  double explained_contacts = 0;       ///< E
  double standard_error = 0;           ///< SE(E)
  double z = 1.96;
  std::size_t iterations = 0;
  bool converged = true;

  /// The interval of E: the share's interval times the contacts (NaN where that is unknown).
  [[nodiscard]] double ci_low() const noexcept { return share_ci_low() * static_cast<double>(contacts); }
  [[nodiscard]] double ci_high() const noexcept { return share_ci_high() * static_cast<double>(contacts); }
  /// E / contacts; 0 without contacts.
  [[nodiscard]] double share() const noexcept { return of_contacts(explained_contacts); }
  /// The logit interval of the share (see the header), inside (0, 1); NaN when unknown (interval_note()).
  [[nodiscard]] double share_ci_low() const noexcept { return logit_bound(-z); }
  [[nodiscard]] double share_ci_high() const noexcept { return logit_bound(z); }
  /// Why the share's interval is unknown, in words; empty when it is known.
  [[nodiscard]] const char* interval_note() const noexcept {
    if (contacts == 0) return "there are no service contacts";
    if (!(explained_contacts > 0))
      return "unmet visits are followed by no more contacts than met ones, so the share is at its bound 0";
    if (!(share() < 1)) return "the estimate is at its bound 1";
    if (!std::isfinite(standard_error)) return "the fit gives no standard error";
    return "";
  }
  /// The contacts touchpoint t explains: (rate_unmet − rate_met) · unmet visits (NaN without met or
  /// unmet visits).
  [[nodiscard]] double caused(std::size_t t, std::uint64_t unmet_visits) const noexcept {
    return (rate_unmet[t] - rate_met[t]) * static_cast<double>(unmet_visits);
  }

 private:
  [[nodiscard]] double of_contacts(double x) const noexcept {
    return contacts > 0 ? x / static_cast<double>(contacts) : 0.0;
  }
  /// expit(logit(p) + zz · SE(p) / (p (1 − p))), NaN when interval_note() gives a reason.
  [[nodiscard]] double logit_bound(double zz) const noexcept {
    if (*interval_note() != '\0') return std::numeric_limits<double>::quiet_NaN();
    const double p = share(), se = of_contacts(standard_error);
    const double l = std::log(p / (1 - p)) + zz * se / (p * (1 - p));
    return 1 / (1 + std::exp(-l));
  }
};

struct explained_share_options {
  double z = 1.96;
  std::size_t em_iterations = 20'000;  ///< at most, before Newton's method finishes the fit
  /// EM iterations before Newton's method first tries to finish the fit; EM goes on (to em_iterations)
  /// when that try does not end at the maximum.
  std::size_t newton_from = 50;
};

/// Fits the joint model (see the header): EM from equal rates, then Newton's method on the categories
/// with a positive rate, kept only when it ends at the likelihood's maximum (the optimality conditions
/// hold to 1e-9 of each category's visits); `converged` says whether they hold. Newton's method tries
/// first after `newton_from` EM iterations: EM converges only linearly, and where many windows overlap
/// (one customer with an event a minute) it would take its 20,000 iterations over as many patterns as
/// contacts, where a few Newton steps end at the same maximum. `visits` counts the
/// visits by category (2 per touchpoint); `contacts` counts every service contact, covered or not.
[[nodiscard]] explained_share explain_service_contacts(const contact_covers& covers,
                                                       const std::vector<std::uint64_t>& visits, std::uint64_t contacts,
                                                       const explained_share_options& opt = {});

}  // namespace cxscore
