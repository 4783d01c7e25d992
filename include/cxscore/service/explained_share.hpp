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
/// - the interval: `Var(E) = aᵀ I⁻¹ a` with I the observed information `Σ_c x_c x_cᵀ / (x_c · r)²` and
///   `a = ∂E/∂r`; `E ± z·SE`. I is taken over the categories with a positive rate: a rate at 0 (e.g. of a
///   category that no contact's window holds) is held there by the constraint r ≥ 0, not estimated;
/// - `share = E / all service contacts` (its interval likewise).
///
/// When no two windows overlap, every contact has one candidate visit and the rates, E and its SE equal
/// the per-touchpoint table's `rate_unmet`, `rate_met` and `Σ caused_contacts` with its Poisson SE.
///
/// ```cpp
/// const auto a = cxscore::attribute_service_demand(events.view(), map);
/// std::printf("%.0f%% [%.0f%%, %.0f%%] of contacts\n", 100 * a.brand.share(), 100 * a.brand.share_ci_low(),
///             100 * a.brand.share_ci_high());
/// ```
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "cxscore/detail/sweep.hpp"

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

  [[nodiscard]] double ci_low() const noexcept { return explained_contacts - z * standard_error; }
  [[nodiscard]] double ci_high() const noexcept { return explained_contacts + z * standard_error; }
  /// E / contacts; 0 without contacts.
  [[nodiscard]] double share() const noexcept { return of_contacts(explained_contacts); }
  [[nodiscard]] double share_ci_low() const noexcept { return of_contacts(ci_low()); }
  [[nodiscard]] double share_ci_high() const noexcept { return of_contacts(ci_high()); }
  /// The contacts touchpoint t explains: (rate_unmet − rate_met) · unmet visits (NaN without met or
  /// unmet visits).
  [[nodiscard]] double caused(std::size_t t, std::uint64_t unmet_visits) const noexcept {
    return (rate_unmet[t] - rate_met[t]) * static_cast<double>(unmet_visits);
  }

 private:
  [[nodiscard]] double of_contacts(double x) const noexcept {
    return contacts > 0 ? x / static_cast<double>(contacts) : 0.0;
  }
};

struct explained_share_options {
  double z = 1.96;
  std::size_t em_iterations = 20'000;  ///< at most, before Newton's method finishes the fit
  /// EM iterations before Newton's method first tries to finish the fit; EM goes on (to em_iterations)
  /// when that try does not end at the maximum.
  std::size_t newton_from = 50;
};

namespace detail {

/// The pooled contacts as flat arrays (pattern p's pairs are [begin[p], begin[p + 1])) and the model's
/// log-likelihood, gradient and information at given rates.
struct cover_patterns {
  std::vector<std::size_t> begin{0};
  std::vector<std::uint32_t> category;
  std::vector<double> count, weight;
  std::vector<double> visits;  ///< n by category
  std::vector<bool> held;      ///< some contact's window holds a visit of the category
  double covered = 0;

  cover_patterns(const contact_covers& covers, const std::vector<std::uint64_t>& n)
      : visits(n.begin(), n.end()), held(n.size(), false) {
    for (const auto& [key, contacts] : covers) {
      for (std::size_t j = 0; j + 1 < key.size(); j += 2) {
        category.push_back(key[j]);
        count.push_back(static_cast<double>(key[j + 1]));
        held[key[j]] = true;
      }
      begin.push_back(category.size());
      weight.push_back(static_cast<double>(contacts));
      covered += static_cast<double>(contacts);
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return weight.size(); }
  [[nodiscard]] double rate_at(std::size_t p, const std::vector<double>& r) const noexcept {
    double l = 0;
    for (std::size_t j = begin[p]; j < begin[p + 1]; ++j) l += count[j] * r[category[j]];
    return l;
  }
  /// L(r) = Σ_p w_p log λ_p − n·r; −inf where some λ_p <= 0.
  [[nodiscard]] double log_likelihood(const std::vector<double>& r) const noexcept {
    double sum = 0;
    for (std::size_t p = 0; p < size(); ++p) {
      const double l = rate_at(p, r);
      if (!(l > 0)) return -std::numeric_limits<double>::infinity();
      sum += weight[p] * std::log(l);
    }
    for (std::size_t k = 0; k < r.size(); ++k) sum -= visits[k] * r[k];
    return sum;
  }
  /// Σ_p w_p x_pk / λ_p by category (the gradient is this − n).
  [[nodiscard]] std::vector<double> expected_share(const std::vector<double>& r) const {
    std::vector<double> acc(r.size(), 0.0);
    for (std::size_t p = 0; p < size(); ++p) {
      const double l = rate_at(p, r);
      for (std::size_t j = begin[p]; j < begin[p + 1]; ++j) acc[category[j]] += weight[p] * count[j] / l;
    }
    return acc;
  }
  /// bᵀ I⁻¹ b and I⁻¹ b over the categories in `free`, I = Σ_p w_p x_p x_pᵀ / λ_p² (+ `ridge` × its
  /// diagonal): the sweep operator on the bordered matrix [[I, b], [bᵀ, 0]]; a pivot collinear with those
  /// before it is left out (0 in I⁻¹ b).
  [[nodiscard]] std::pair<double, std::vector<double>> solve(const std::vector<double>& r,
                                                             const std::vector<std::size_t>& free,
                                                             const std::vector<double>& b, double ridge = 0) const {
    const std::size_t m = free.size() + 1;
    std::vector<std::size_t> slot(r.size(), m);
    for (std::size_t i = 0; i < free.size(); ++i) slot[free[i]] = i;
    std::vector<double> a(m * m, 0.0);
    for (std::size_t p = 0; p < size(); ++p) {
      const double l = rate_at(p, r), f = weight[p] / (l * l);
      for (std::size_t i = begin[p]; i < begin[p + 1]; ++i)
        for (std::size_t j = begin[p]; j < begin[p + 1]; ++j)
          if (slot[category[i]] < m && slot[category[j]] < m)
            a[slot[category[i]] * m + slot[category[j]]] += f * count[i] * count[j];
    }
    for (std::size_t i = 0; i + 1 < m; ++i) a[i * m + m - 1] = a[(m - 1) * m + i] = b[free[i]];
    std::vector<double> diagonal(m);
    for (std::size_t i = 0; i < m; ++i) diagonal[i] = a[i * m + i] *= 1 + ridge;
    std::vector<double> x(r.size(), 0.0);
    std::vector<bool> swept(m, false);
    for (std::size_t i = 0; i + 1 < m; ++i)
      if (a[i * m + i] > collinear_tolerance * diagonal[i]) sweep(a.data(), m, i), swept[i] = true;
    for (std::size_t i = 0; i + 1 < m; ++i)
      if (swept[i]) x[free[i]] = a[i * m + m - 1];
    return {-a[m * m - 1], x};
  }
};

}  // namespace detail

/// Fits the joint model (see the header): EM from equal rates, then Newton's method on the categories
/// with a positive rate, kept only when it ends at the likelihood's maximum (the optimality conditions
/// hold to 1e-9 of each category's visits); `converged` says whether they hold. Newton's method tries
/// first after `newton_from` EM iterations: EM converges only linearly, and where many windows overlap
/// (one customer with an event a minute) it would take its 20,000 iterations over as many patterns as
/// contacts, where a few Newton steps end at the same maximum. `visits` counts the
/// visits by category (2 per touchpoint); `contacts` counts every service contact, covered or not.
[[nodiscard]] inline explained_share explain_service_contacts(const contact_covers& covers,
                                                              const std::vector<std::uint64_t>& visits,
                                                              std::uint64_t contacts,
                                                              const explained_share_options& opt = {}) {
  const std::size_t categories = visits.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const detail::cover_patterns pat(covers, visits);
  const std::vector<double>& n = pat.visits;
  explained_share s;
  s.contacts = contacts;
  s.covered_contacts = static_cast<std::uint64_t>(pat.covered);
  s.z = opt.z;
  s.rate_unmet.assign(categories / 2, nan);
  s.rate_met.assign(categories / 2, nan);

  // The optimality (KKT) conditions: dL/dr_k = acc_k − n_k is 0 where r_k > 0 and <= 0 where r_k = 0.
  auto optimal = [&](const std::vector<double>& r) {
    const std::vector<double> acc = pat.expected_share(r);
    for (std::size_t k = 0; k < categories; ++k) {
      if (!pat.held[k]) continue;
      const double g = acc[k] - n[k];
      if (r[k] > 0 ? std::abs(g) > 1e-9 * n[k] : g > 1e-9 * n[k]) return false;
    }
    return true;
  };

  std::vector<double> r(categories, 0.0);
  double held_visits = 0;
  for (std::size_t k = 0; k < categories; ++k) held_visits += pat.held[k] ? n[k] : 0.0;
  for (std::size_t k = 0; k < categories; ++k)
    if (pat.held[k]) r[k] = pat.covered / held_visits;
  const double step_tolerance = 1e-12 * std::max(1.0, pat.covered);
  // Newton's method on the positive rates (EM nears a rate of 0 only slowly); a step that would make a
  // rate negative is shortened to end there, and every step must raise the likelihood. A small ridge
  // turns a direction the likelihood is flat in (two categories that always hold the same contacts) into
  // a long gradient step, which takes the costlier category to 0. Returns the end point.
  auto newton = [&](std::vector<double> x) {
    double value = pat.log_likelihood(x);
    for (int step = 0; step < 100; ++step) {
      std::vector<std::size_t> free;
      for (std::size_t k = 0; k < categories; ++k)
        if (pat.held[k] && x[k] > 0) free.push_back(k);
      const std::vector<double> acc = pat.expected_share(x);
      std::vector<double> g(categories, 0.0);
      for (const std::size_t k : free) g[k] = acc[k] - n[k];
      const std::vector<double> direction = pat.solve(x, free, g, 1e-9).second;
      double length = 1;
      for (const std::size_t k : free)
        if (direction[k] < 0) length = std::min(length, -x[k] / direction[k]);
      std::vector<double> next = x;
      double next_value = -std::numeric_limits<double>::infinity();
      // Near the optimum the likelihood moves by less than its rounding: a step may lose that much.
      const double slack = 1e-13 * std::abs(value);
      for (int half = 0; half < 60; ++half, length /= 2) {
        for (const std::size_t k : free) {
          const bool to_zero = direction[k] < 0 && length * direction[k] <= -x[k] * (1 - 1e-12);
          next[k] = to_zero ? 0.0 : x[k] + length * direction[k];
        }
        next_value = pat.log_likelihood(next);
        if (next_value >= value - slack) break;
      }
      if (!(next_value >= value - slack)) break;
      double moved = 0;
      for (const std::size_t k : free) moved = std::max(moved, n[k] * std::abs(next[k] - x[k]));
      x.swap(next);
      value = next_value;
      if (moved <= step_tolerance) break;
    }
    return x;
  };
  // EM's point with the rates that explain under 1e-12 of the contacts at 0 (EM only ever shrinks a rate
  // towards 0), finished by Newton's method unless it is the maximum already; false when neither is.
  auto finish = [&](std::vector<double>& x) {
    for (std::size_t k = 0; k < categories; ++k)
      if (x[k] * n[k] <= 1e-12 * pat.covered) x[k] = 0;
    if (pat.size() == 0 || optimal(x)) return true;
    std::vector<double> end = newton(x);
    if (!optimal(end)) return false;
    x.swap(end);
    return true;
  };
  // EM: r_k <- r_k · acc_k / n_k (each contact shared among its candidate visits by their rates).
  bool finished = false;
  for (bool settled = pat.size() == 0; !settled && s.iterations < opt.em_iterations; ++s.iterations) {
    if (s.iterations == opt.newton_from) {
      std::vector<double> x = r;
      if ((finished = finish(x))) {
        r.swap(x);
        break;
      }
    }
    const std::vector<double> acc = pat.expected_share(r);
    double moved = 0;
    for (std::size_t k = 0; k < categories; ++k) {
      if (!pat.held[k]) continue;
      const double next = r[k] * acc[k] / n[k];
      moved = std::max(moved, n[k] * std::abs(next - r[k]));
      r[k] = next;
    }
    settled = moved <= step_tolerance;
  }
  if (!finished) finish(r);
  s.converged = pat.size() == 0 || optimal(r);

  // E, a = dE/dr, and Var(E) = aᵀ I⁻¹ a over the categories with a positive rate.
  std::vector<double> a(categories, 0.0);
  std::vector<std::size_t> free;
  for (std::size_t t = 0; t < categories / 2; ++t) {
    const std::size_t met = 2 * t, unmet = 2 * t + 1;
    if (n[met] > 0) s.rate_met[t] = r[met];
    if (n[unmet] > 0) s.rate_unmet[t] = r[unmet];
    if (n[met] > 0 && n[unmet] > 0) {
      s.explained_contacts += (r[unmet] - r[met]) * n[unmet];
      a[unmet] = n[unmet];
      a[met] = -n[unmet];
    }
  }
  for (std::size_t k = 0; k < categories; ++k)
    if (r[k] > 0) free.push_back(k);
  if (!free.empty()) s.standard_error = std::sqrt(std::max(0.0, pat.solve(r, free, a).first));
  return s;
}

}  // namespace cxscore
