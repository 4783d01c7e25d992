#include "cxscore/service/explained_share.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "cxscore/detail/sweep.hpp"

namespace cxscore {

namespace {

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
      if (a[i * m + i] > detail::collinear_tolerance * diagonal[i]) detail::sweep(a.data(), m, i), swept[i] = true;
    for (std::size_t i = 0; i + 1 < m; ++i)
      if (swept[i]) x[free[i]] = a[i * m + m - 1];
    return {-a[m * m - 1], x};
  }
};

/// The optimality (KKT) conditions: dL/dr_k = acc_k − n_k is 0 where r_k > 0 and <= 0 where r_k = 0.
bool optimal(const cover_patterns& pat, const std::vector<double>& r) {
  const std::vector<double> acc = pat.expected_share(r);
  for (std::size_t k = 0; k < r.size(); ++k) {
    if (!pat.held[k]) continue;
    const double g = acc[k] - pat.visits[k];
    if (r[k] > 0 ? std::abs(g) > 1e-9 * pat.visits[k] : g > 1e-9 * pat.visits[k]) return false;
  }
  return true;
}

/// EM's starting point: the same rate for every category some contact's window holds, explaining all
/// covered contacts.
std::vector<double> equal_rates(const cover_patterns& pat) {
  const std::size_t categories = pat.visits.size();
  std::vector<double> r(categories, 0.0);
  double held_visits = 0;
  for (std::size_t k = 0; k < categories; ++k) held_visits += pat.held[k] ? pat.visits[k] : 0.0;
  for (std::size_t k = 0; k < categories; ++k)
    if (pat.held[k]) r[k] = pat.covered / held_visits;
  return r;
}

/// Halves the step from x along `direction` (first shortened so that no rate turns negative: a rate the
/// step would take below 0 ends at 0) until the likelihood does not fall; near the optimum it moves by
/// less than its rounding, so a step may lose that much. False when no step of 60 halvings is good.
bool line_search(const cover_patterns& pat, const std::vector<std::size_t>& free, const std::vector<double>& direction,
                 const std::vector<double>& x, double value, std::vector<double>& next, double& next_value) {
  double length = 1;
  for (const std::size_t k : free)
    if (direction[k] < 0) length = std::min(length, -x[k] / direction[k]);
  next = x;
  next_value = -std::numeric_limits<double>::infinity();
  const double slack = 1e-13 * std::abs(value);
  for (int half = 0; half < 60; ++half, length /= 2) {
    for (const std::size_t k : free) {
      const bool to_zero = direction[k] < 0 && length * direction[k] <= -x[k] * (1 - 1e-12);
      next[k] = to_zero ? 0.0 : x[k] + length * direction[k];
    }
    next_value = pat.log_likelihood(next);
    if (next_value >= value - slack) break;
  }
  return next_value >= value - slack;
}

/// Newton's method on the positive rates (EM nears a rate of 0 only slowly); every step must raise the
/// likelihood. A small ridge turns a direction the likelihood is flat in (two categories that always
/// hold the same contacts) into a long gradient step, which takes the costlier category to 0. Returns
/// the end point.
std::vector<double> newton(const cover_patterns& pat, std::vector<double> x, double step_tolerance) {
  const std::size_t categories = x.size();
  const std::vector<double>& n = pat.visits;
  double value = pat.log_likelihood(x);
  std::vector<double> next;
  for (int step = 0; step < 100; ++step) {
    std::vector<std::size_t> free;
    for (std::size_t k = 0; k < categories; ++k)
      if (pat.held[k] && x[k] > 0) free.push_back(k);
    const std::vector<double> acc = pat.expected_share(x);
    std::vector<double> g(categories, 0.0);
    for (const std::size_t k : free) g[k] = acc[k] - n[k];
    const std::vector<double> direction = pat.solve(x, free, g, 1e-9).second;
    double next_value = 0;
    if (!line_search(pat, free, direction, x, value, next, next_value)) break;
    double moved = 0;
    for (const std::size_t k : free) moved = std::max(moved, n[k] * std::abs(next[k] - x[k]));
    x.swap(next);
    value = next_value;
    if (moved <= step_tolerance) break;
  }
  return x;
}

/// EM's point with the rates that explain under 1e-12 of the contacts at 0 (EM only ever shrinks a rate
/// towards 0), finished by Newton's method unless it is the maximum already; false when neither is.
bool finish(const cover_patterns& pat, std::vector<double>& x, double step_tolerance) {
  for (std::size_t k = 0; k < x.size(); ++k)
    if (x[k] * pat.visits[k] <= 1e-12 * pat.covered) x[k] = 0;
  if (pat.size() == 0 || optimal(pat, x)) return true;
  std::vector<double> end = newton(pat, x, step_tolerance);
  if (!optimal(pat, end)) return false;
  x.swap(end);
  return true;
}

/// One EM step: r_k <- r_k · acc_k / n_k (each contact shared among its candidate visits by their
/// rates). Returns how far it moved (the largest change of a category's expected contacts).
double em_step(const cover_patterns& pat, std::vector<double>& r) {
  const std::vector<double> acc = pat.expected_share(r);
  double moved = 0;
  for (std::size_t k = 0; k < r.size(); ++k) {
    if (!pat.held[k]) continue;
    const double next = r[k] * acc[k] / pat.visits[k];
    moved = std::max(moved, pat.visits[k] * std::abs(next - r[k]));
    r[k] = next;
  }
  return moved;
}

/// The maximum-likelihood rates: EM from equal rates, Newton's method first tried after
/// `opt.newton_from` iterations and again once EM stops. `iterations` counts EM's.
std::vector<double> fit_rates(const cover_patterns& pat, const explained_share_options& opt, std::size_t& iterations) {
  std::vector<double> r = equal_rates(pat);
  const double step_tolerance = 1e-12 * std::max(1.0, pat.covered);
  bool finished = false;
  for (bool settled = pat.size() == 0; !settled && iterations < opt.em_iterations; ++iterations) {
    if (iterations == opt.newton_from) {
      std::vector<double> x = r;
      if ((finished = finish(pat, x, step_tolerance))) {
        r.swap(x);
        break;
      }
    }
    settled = em_step(pat, r) <= step_tolerance;
  }
  if (!finished) finish(pat, r, step_tolerance);
  return r;
}

/// The rates by touchpoint, E, a = dE/dr, and Var(E) = aᵀ I⁻¹ a over the categories with a positive
/// rate, into `s`.
void explain_with_error(const cover_patterns& pat, const std::vector<double>& r, explained_share& s) {
  const std::size_t categories = r.size();
  const std::vector<double>& n = pat.visits;
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
}

}  // namespace

explained_share explain_service_contacts(const contact_covers& covers, const std::vector<std::uint64_t>& visits,
                                         std::uint64_t contacts, const explained_share_options& opt) {
  const std::size_t categories = visits.size();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const cover_patterns pat(covers, visits);
  explained_share s;
  s.contacts = contacts;
  s.covered_contacts = static_cast<std::uint64_t>(pat.covered);
  s.z = opt.z;
  s.rate_unmet.assign(categories / 2, nan);
  s.rate_met.assign(categories / 2, nan);
  const std::vector<double> r = fit_rates(pat, opt, s.iterations);
  s.converged = pat.size() == 0 || optimal(pat, r);
  explain_with_error(pat, r, s);
  return s;
}

}  // namespace cxscore
