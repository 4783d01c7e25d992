#pragma once
/// Relative importance of drivers: how much of R² each one accounts for.
///
/// - **LMG** (Lindeman, Merenda & Gold 1980; the Shapley value of R²): driver j's share is the average,
///   over subset sizes k, of the average over subsets S of the other drivers of size k, of
///   R²(S ∪ {j}) − R²(S). Exact: R² of all 2^p subsets is computed from the correlation matrix by
///   walking the subsets in Gray-code order, each step sweeping one pivot in or out. The walk is cut
///   into fixed blocks of 1024 subsets (more beyond 26 drivers), each starting from a freshly swept
///   state (bounded rounding drift), run on any number of threads and merged in block order: the same
///   bits for any thread count.
///   Values sum to the full model's R².
/// - **Relative weights** (Johnson 2000): with R_xx = V Λ Vᵀ and its square root Z = V Λ^½ Vᵀ, the
///   weights are ε_j = Σ_k Z_jk² β_k², β = Z⁻¹ r_xy; they also sum to R².
/// - **Relative weights for a 0/1 outcome** (Tonidandel & LeBreton 2010): the same decomposition of a
///   logistic regression's pseudo-R² (see `logistic_relative_weights`), from the rows themselves.
///
/// Constant or collinear drivers do not break the computation: a pivot that adds nothing to the subset
/// swept so far (residual variance below `detail::collinear_tolerance`) is left unswept, which leaves
/// that subset's R² right. A constant driver gets 0; exact copies share their LMG equally
/// (key_drivers.hpp reports both kinds).
///
/// ```cpp
/// Eigen::MatrixXd r = cxscore::build_gram(data).correlation();  // outcome last
/// cxscore::lmg_result l = cxscore::lmg(r);                      // l.importance.sum() == l.r2
/// Eigen::VectorXd rw = cxscore::relative_weights(r);
/// cxscore::logistic_weights churn = cxscore::logistic_relative_weights(rows);  // outcome 0/1, last
/// ```
#include <Eigen/Dense>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

#include "cxscore/detail/sweep.hpp"
#include "cxscore/drivers/gram_summary.hpp"
#include "cxscore/drivers/logistic_regression.hpp"
#include "cxscore/error.hpp"

namespace cxscore {

/// The most drivers lmg() accepts: 2^30 subsets is already hours of work.
inline constexpr Eigen::Index lmg_max_drivers = 30;

struct lmg_result {
  Eigen::VectorXd importance;  ///< per driver; sums to r2
  double r2 = 0;               ///< R² of the model with every driver
};

namespace detail {

using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The state of one walk: the swept matrix, the subset and which of its pivots are actually swept
// (a collinear pivot is in the subset but left unswept).
class subset_sweeper {
 public:
  explicit subset_sweeper(const row_major& base) : m_base(base), m_a(base), m_m(static_cast<std::size_t>(base.rows())) {}

  void reset(std::uint64_t subset) {
    m_a = m_base;
    m_subset = m_swept = 0;
    for (std::uint64_t s = subset; s != 0; s &= s - 1) add(static_cast<std::size_t>(std::countr_zero(s)));
  }
  void toggle(std::size_t k) {
    if (m_subset >> k & 1) remove(k);
    else add(k);
  }
  [[nodiscard]] double r2() const { return 1 - m_a(static_cast<Eigen::Index>(m_m - 1), static_cast<Eigen::Index>(m_m - 1)); }
  [[nodiscard]] std::uint64_t subset() const noexcept { return m_subset; }

 private:
  void add(std::size_t k) {
    m_subset |= std::uint64_t{1} << k;
    try_sweep(k);
  }
  void try_sweep(std::size_t k) {
    if (m_a(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) > collinear_tolerance) {
      sweep(m_a.data(), m_m, k);
      m_swept |= std::uint64_t{1} << k;
    }
  }
  void remove(std::size_t k) {
    const std::uint64_t bit = std::uint64_t{1} << k;
    m_subset &= ~bit;
    if (!(m_swept & bit)) return;
    sweep(m_a.data(), m_m, k);
    m_swept &= ~bit;
    // A pivot left out as collinear with k may be independent now.
    for (std::uint64_t s = m_subset & ~m_swept; s != 0; s &= s - 1) try_sweep(static_cast<std::size_t>(std::countr_zero(s)));
  }
  const row_major& m_base;
  row_major m_a;
  std::size_t m_m;
  std::uint64_t m_subset = 0, m_swept = 0;
};

inline void check_correlation(const Eigen::MatrixXd& r, const char* what) {
  if (r.rows() != r.cols() || r.rows() < 2)
    fail({what, 0, "", std::to_string(r.rows()) + "x" + std::to_string(r.cols())},
         "needs a square correlation matrix of the drivers and the outcome (at least 2 x 2)");
  for (Eigen::Index i = 0; i < r.size(); ++i)
    if (!std::isfinite(r.data()[i])) fail({what, 0, "", number_text(r.data()[i])}, "the correlation matrix is not finite");
}

}  // namespace detail

/// R² of the regression of the outcome (last) on every subset of drivers, indexed by the subset's bit
/// mask. Walks all 2^p subsets; meant for tests and small p (it stores them all).
[[nodiscard]] inline std::vector<double> subset_r2(const Eigen::MatrixXd& correlation) {
  detail::check_correlation(correlation, "<subset_r2>");
  const auto p = static_cast<std::size_t>(correlation.rows() - 1);
  if (p > 24) detail::fail({"<subset_r2>", 0, "drivers", std::to_string(p)}, "at most 24 drivers");
  const detail::row_major base = correlation;
  detail::subset_sweeper s(base);
  std::vector<double> out(std::size_t{1} << p);
  out[0] = 0;
  for (std::uint64_t t = 1; t < out.size(); ++t) {
    s.toggle(static_cast<std::size_t>(std::countr_zero(t)));
    out[s.subset()] = s.r2();
  }
  return out;
}

/// Exact LMG of every driver from the correlation matrix (drivers first, outcome last).
/// `threads` = 0 uses the hardware concurrency; the result does not depend on it.
[[nodiscard]] inline lmg_result lmg(const Eigen::MatrixXd& correlation, unsigned threads = 0) {
  detail::check_correlation(correlation, "<lmg>");
  const Eigen::Index p = correlation.rows() - 1;
  if (p > lmg_max_drivers)
    detail::fail({"<lmg>", 0, "drivers", std::to_string(p)},
                 "exact LMG takes 2^p subsets; at most " + std::to_string(lmg_max_drivers) + " drivers");
  const auto up = static_cast<std::size_t>(p);
  // LMG_j = sum_{S contains j} (a_|S| + b_|S|) R²(S) - sum_S b_|S| R²(S), with the Shapley weights
  // a_k = (k-1)!(p-k)!/p! (S contains j) and b_k = k!(p-k-1)!/p! (S lacks j): no subset is stored.
  std::vector<double> choose(up + 1, 1.0);  // C(p-1, k), exact in doubles for p <= 30
  for (std::size_t k = 1; k < up; ++k) choose[k] = choose[k - 1] * static_cast<double>(up - k) / static_cast<double>(k);
  std::vector<double> in_weight(up + 1, 0.0), all_weight(up + 1, 0.0);
  for (std::size_t k = 0; k <= up; ++k) {
    const double a = k >= 1 ? 1 / (static_cast<double>(up) * choose[k - 1]) : 0;
    const double b = k < up ? 1 / (static_cast<double>(up) * choose[k]) : 0;
    in_weight[k] = a + b;
    all_weight[k] = b;
  }

  const std::uint64_t subsets = std::uint64_t{1} << up;
  // 1024 steps per fresh start bound the drift; past 2^26 subsets longer blocks keep the partial sums
  // (one row per block) within 2^16 rows.
  const std::uint64_t block = std::min<std::uint64_t>(subsets, std::max<std::uint64_t>(1024, subsets >> 16));
  const std::uint64_t blocks = subsets / block;
  // Per block: the sum over its subsets of b R² (slot p) and of (a + b) R² for each driver in S.
  std::vector<double> partial(blocks * (up + 1), 0.0);
  const detail::row_major base = correlation;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, blocks));
  auto work = [&](unsigned t) {
    detail::subset_sweeper s(base);
    for (std::uint64_t b = t; b < blocks; b += threads) {
      double* acc = partial.data() + b * (up + 1);
      const std::uint64_t first = b * block;
      for (std::uint64_t i = first; i < first + block; ++i) {
        if (i == first) s.reset(i ^ (i >> 1));
        else s.toggle(static_cast<std::size_t>(std::countr_zero(i)));
        const std::uint64_t set = s.subset();
        const double r2 = set == 0 ? 0.0 : s.r2();
        const auto k = static_cast<std::size_t>(std::popcount(set));
        acc[up] += all_weight[k] * r2;
        const double w = in_weight[k] * r2;
        for (std::uint64_t rest = set; rest != 0; rest &= rest - 1) acc[std::countr_zero(rest)] += w;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();

  std::vector<double> total(up + 1, 0.0);
  for (std::uint64_t b = 0; b < blocks; ++b)
    for (std::size_t j = 0; j <= up; ++j) total[j] += partial[b * (up + 1) + j];
  lmg_result r;
  r.importance = Eigen::VectorXd(p);
  for (std::size_t j = 0; j < up; ++j) r.importance[static_cast<Eigen::Index>(j)] = total[j] - total[up];
  detail::subset_sweeper full(base);
  full.reset(subsets - 1);
  r.r2 = full.r2();
  return r;
}

namespace detail {
// Λ = R^½ (the symmetric square root of the drivers' correlation matrix, Johnson's loadings of the
// drivers on their closest orthonormal counterparts) and its pseudo-inverse: zero eigenvalues
// (collinear drivers) get 0.
struct correlation_root {
  Eigen::MatrixXd root, inverse_root;
};
[[nodiscard]] inline correlation_root root_of(const Eigen::MatrixXd& rxx) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(rxx);
  const Eigen::VectorXd lambda = eig.eigenvalues().cwiseMax(0.0);
  const double cutoff = collinear_tolerance * std::max(1.0, lambda.maxCoeff());
  Eigen::VectorXd root(lambda.size()), inv_root(lambda.size());
  for (Eigen::Index k = 0; k < lambda.size(); ++k) {
    root[k] = std::sqrt(lambda[k]);
    inv_root[k] = lambda[k] > cutoff ? 1 / root[k] : 0;
  }
  const Eigen::MatrixXd& v = eig.eigenvectors();
  return {v * root.asDiagonal() * v.transpose(), v * inv_root.asDiagonal() * v.transpose()};
}
}  // namespace detail

/// Johnson's (2000) relative weights from the correlation matrix (drivers first, outcome last).
/// Zero eigenvalues (collinear drivers) are handled with the pseudo-inverse.
[[nodiscard]] inline Eigen::VectorXd relative_weights(const Eigen::MatrixXd& correlation) {
  detail::check_correlation(correlation, "<relative_weights>");
  const Eigen::Index p = correlation.rows() - 1;
  const detail::correlation_root z = detail::root_of(correlation.topLeftCorner(p, p));
  const Eigen::VectorXd beta = z.inverse_root * correlation.topRightCorner(p, 1);
  return z.root.cwiseAbs2() * beta.cwiseAbs2();
}

struct logistic_weights {
  Eigen::VectorXd weights;  ///< per driver; sums to r2
  Eigen::VectorXd beta;     ///< fully standardised logistic coefficients (NaN = aliased)
  double r2 = 0;            ///< squared correlation of the outcome and the fitted probability
  logistic_fit fit;         ///< the logistic regression on the drivers themselves
};

/// Relative weights for a 0/1 outcome (Tonidandel & LeBreton 2010, "Determining the relative importance
/// of predictors in logistic regression: an extension of relative weight analysis", Organizational
/// Research Methods 13(4)): the logistic regression of the outcome on Johnson's orthogonal counterparts
/// Z = X_std Λ⁻¹ of the drivers, its coefficients b standardised as β = b·R/sd(logit ŷ) (Menard's fully
/// standardised coefficients, R² = squared correlation of outcome and fitted probability, as in the
/// authors' RWA-Web code), and ε_j = Σ_k Λ_jk² β_k², which sums to R².
///
/// The fit on Z and the fit on the drivers give the same fitted logits (Z spans the drivers' columns),
/// so the drivers are fitted once and b = Λ·(coefficients per standard deviation). `weight` as in
/// `logistic_regression` (a bootstrap resample's counts).
[[nodiscard]] inline logistic_weights logistic_relative_weights(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                                                const Eigen::VectorXd& weight = {},
                                                                const logistic_options& o = {}) {
  logistic_weights out;
  const detail::logistic_inputs in(data, weight);  // one Gram summary for the fit and the correlations
  out.fit = detail::fit_logistic(data, in, o);
  const Eigen::Index n = data.rows(), p = data.cols() - 1;
  const Eigen::VectorXd& w = in.w;
  const Eigen::MatrixXd rxx = in.g.correlation().topLeftCorner(p, p);
  const Eigen::VectorXd per_sd = out.fit.scaled.unaryExpr([](double b) { return std::isnan(b) ? 0.0 : b; });

  Eigen::MatrixXd fitted(n, 2);
  fitted.col(0) = out.fit.linear_predictor.unaryExpr([](double eta) { return detail::logistic(eta); });
  fitted.col(1) = data.col(p);
  gram_summary pair(2);
  pair.add(fitted, w);
  const double r = pair.correlation()(0, 1);
  out.r2 = r * r;

  const double sd_logit = std::sqrt(std::max(0.0, per_sd.dot(rxx * per_sd)));
  const double scale = sd_logit > 0 ? std::sqrt(out.r2) / sd_logit : 0.0;
  const Eigen::MatrixXd root = detail::root_of(rxx).root;
  const Eigen::VectorXd beta_z = root * per_sd * scale;
  out.weights = root.cwiseAbs2() * beta_z.cwiseAbs2();
  out.beta = out.fit.scaled * scale;
  return out;
}

}  // namespace cxscore
