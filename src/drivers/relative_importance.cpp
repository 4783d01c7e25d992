#include "cxscore/drivers/relative_importance.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <thread>

#include "cxscore/detail/sweep.hpp"
#include "logistic_fit.hpp"

namespace cxscore {

namespace {

using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// The state of one walk: the swept matrix, the subset and which of its pivots are actually swept
// (a collinear pivot is in the subset but left unswept).
class subset_sweeper {
 public:
  explicit subset_sweeper(const row_major& base)
      : m_base(base), m_a(base), m_m(static_cast<std::size_t>(base.rows())) {}

  void reset(std::uint64_t subset) {
    m_a = m_base;
    m_subset = m_swept = 0;
    for (std::uint64_t s = subset; s != 0; s &= s - 1) add(static_cast<std::size_t>(std::countr_zero(s)));
  }
  void toggle(std::size_t k) {
    if (m_subset >> k & 1)
      remove(k);
    else
      add(k);
  }
  [[nodiscard]] double r2() const {
    return 1 - m_a(static_cast<Eigen::Index>(m_m - 1), static_cast<Eigen::Index>(m_m - 1));
  }
  [[nodiscard]] std::uint64_t subset() const noexcept { return m_subset; }

 private:
  void add(std::size_t k) {
    m_subset |= std::uint64_t{1} << k;
    try_sweep(k);
  }
  void try_sweep(std::size_t k) {
    if (m_a(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) > detail::collinear_tolerance) {
      detail::sweep(m_a.data(), m_m, k);
      m_swept |= std::uint64_t{1} << k;
    }
  }
  void remove(std::size_t k) {
    const std::uint64_t bit = std::uint64_t{1} << k;
    m_subset &= ~bit;
    if (!(m_swept & bit)) return;
    detail::sweep(m_a.data(), m_m, k);
    m_swept &= ~bit;
    // A pivot left out as collinear with k may be independent now.
    for (std::uint64_t s = m_subset & ~m_swept; s != 0; s &= s - 1)
      try_sweep(static_cast<std::size_t>(std::countr_zero(s)));
  }
  const row_major& m_base;
  row_major m_a;
  std::size_t m_m;
  std::uint64_t m_subset = 0, m_swept = 0;
};

void check_correlation(const Eigen::MatrixXd& r, const char* what) {
  if (r.rows() != r.cols() || r.rows() < 2)
    detail::fail({what, 0, "", std::to_string(r.rows()) + "x" + std::to_string(r.cols())},
                 "needs a square correlation matrix of the drivers and the outcome (at least 2 x 2)");
  for (Eigen::Index i = 0; i < r.size(); ++i)
    if (!std::isfinite(r.data()[i]))
      detail::fail({what, 0, "", detail::number_text(r.data()[i])}, "the correlation matrix is not finite");
}

// LMG_j = sum_{S contains j} (a_|S| + b_|S|) R²(S) - sum_S b_|S| R²(S), with the Shapley weights
// a_k = (k-1)!(p-k)!/p! (S contains j) and b_k = k!(p-k-1)!/p! (S lacks j): no subset is stored.
// Indexed by subset size k: `in` = a_k + b_k, `all` = b_k.
struct shapley_weights {
  std::vector<double> in, all;
};

shapley_weights shapley_weights_of(std::size_t p) {
  std::vector<double> choose(p + 1, 1.0);  // C(p-1, k), exact in doubles for p <= 30
  for (std::size_t k = 1; k < p; ++k) choose[k] = choose[k - 1] * static_cast<double>(p - k) / static_cast<double>(k);
  shapley_weights w{std::vector<double>(p + 1, 0.0), std::vector<double>(p + 1, 0.0)};
  for (std::size_t k = 0; k <= p; ++k) {
    const double a = k >= 1 ? 1 / (static_cast<double>(p) * choose[k - 1]) : 0;
    const double b = k < p ? 1 / (static_cast<double>(p) * choose[k]) : 0;
    w.in[k] = a + b;
    w.all[k] = b;
  }
  return w;
}

// Subsets per block of the walk: 1024 steps per fresh start bound the drift; past 2^26 subsets longer
// blocks keep the partial sums (one row per block) within 2^16 rows.
std::uint64_t block_length(std::uint64_t subsets) {
  return std::min<std::uint64_t>(subsets, std::max<std::uint64_t>(1024, subsets >> 16));
}

// Walks the `length` subsets of Gray-code positions first, first + 1, ... from a freshly swept state,
// adding b R² to acc[p] and (a + b) R² to acc[j] for each driver j in the subset.
void walk_block(subset_sweeper& s, std::uint64_t first, std::uint64_t length, const shapley_weights& weights,
                std::size_t p, double* acc) {
  for (std::uint64_t i = first; i < first + length; ++i) {
    if (i == first)
      s.reset(i ^ (i >> 1));
    else
      s.toggle(static_cast<std::size_t>(std::countr_zero(i)));
    const std::uint64_t set = s.subset();
    const double r2 = set == 0 ? 0.0 : s.r2();
    const auto k = static_cast<std::size_t>(std::popcount(set));
    acc[p] += weights.all[k] * r2;
    const double w = weights.in[k] * r2;
    for (std::uint64_t rest = set; rest != 0; rest &= rest - 1) acc[std::countr_zero(rest)] += w;
  }
}

// The per-block sums (p + 1 per block, in block order) of the walk over all 2^p subsets, the blocks
// dealt round-robin to `threads` threads (0 = hardware concurrency); each block's sums depend only on
// the block, so the result is the same for any thread count.
std::vector<double> block_sums(const row_major& base, std::size_t p, const shapley_weights& weights, unsigned threads) {
  const std::uint64_t subsets = std::uint64_t{1} << p;
  const std::uint64_t block = block_length(subsets);
  const std::uint64_t blocks = subsets / block;
  std::vector<double> partial(blocks * (p + 1), 0.0);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::uint64_t>(threads, blocks));
  auto work = [&](unsigned t) {
    subset_sweeper s(base);
    for (std::uint64_t b = t; b < blocks; b += threads)
      walk_block(s, b * block, block, weights, p, partial.data() + b * (p + 1));
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  return partial;
}

// LMG from the per-block sums: merged in block order, then each driver's (a + b) sum less the b sum.
Eigen::VectorXd lmg_from_block_sums(const std::vector<double>& partial, std::size_t p) {
  const std::size_t blocks = partial.size() / (p + 1);
  std::vector<double> total(p + 1, 0.0);
  for (std::size_t b = 0; b < blocks; ++b)
    for (std::size_t j = 0; j <= p; ++j) total[j] += partial[b * (p + 1) + j];
  Eigen::VectorXd importance(static_cast<Eigen::Index>(p));
  for (std::size_t j = 0; j < p; ++j) importance[static_cast<Eigen::Index>(j)] = total[j] - total[p];
  return importance;
}

// Λ = R^½ (the symmetric square root of the drivers' correlation matrix, Johnson's loadings of the
// drivers on their closest orthonormal counterparts) and its pseudo-inverse: zero eigenvalues
// (collinear drivers) get 0.
struct correlation_root {
  Eigen::MatrixXd root, inverse_root;
};

correlation_root root_of(const Eigen::MatrixXd& rxx) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(rxx);
  const Eigen::VectorXd lambda = eig.eigenvalues().cwiseMax(0.0);
  const double cutoff = detail::collinear_tolerance * std::max(1.0, lambda.maxCoeff());
  Eigen::VectorXd root(lambda.size()), inv_root(lambda.size());
  for (Eigen::Index k = 0; k < lambda.size(); ++k) {
    root[k] = std::sqrt(lambda[k]);
    inv_root[k] = lambda[k] > cutoff ? 1 / root[k] : 0;
  }
  const Eigen::MatrixXd& v = eig.eigenvectors();
  return {v * root.asDiagonal() * v.transpose(), v * inv_root.asDiagonal() * v.transpose()};
}

}  // namespace

std::vector<double> subset_r2(const Eigen::MatrixXd& correlation) {
  check_correlation(correlation, "<subset_r2>");
  const auto p = static_cast<std::size_t>(correlation.rows() - 1);
  if (p > 24) detail::fail({"<subset_r2>", 0, "drivers", std::to_string(p)}, "at most 24 drivers");
  const row_major base = correlation;
  subset_sweeper s(base);
  std::vector<double> out(std::size_t{1} << p);
  out[0] = 0;
  for (std::uint64_t t = 1; t < out.size(); ++t) {
    s.toggle(static_cast<std::size_t>(std::countr_zero(t)));
    out[s.subset()] = s.r2();
  }
  return out;
}

lmg_result lmg(const Eigen::MatrixXd& correlation, unsigned threads) {
  check_correlation(correlation, "<lmg>");
  const Eigen::Index p = correlation.rows() - 1;
  if (p > lmg_max_drivers)
    detail::fail({"<lmg>", 0, "drivers", std::to_string(p)},
                 "exact LMG takes 2^p subsets; at most " + std::to_string(lmg_max_drivers) + " drivers");
  const auto up = static_cast<std::size_t>(p);
  const row_major base = correlation;
  lmg_result r;
  r.importance = lmg_from_block_sums(block_sums(base, up, shapley_weights_of(up), threads), up);
  subset_sweeper full(base);
  full.reset((std::uint64_t{1} << up) - 1);
  r.r2 = full.r2();
  return r;
}

Eigen::VectorXd relative_weights(const Eigen::MatrixXd& correlation) {
  check_correlation(correlation, "<relative_weights>");
  const Eigen::Index p = correlation.rows() - 1;
  const correlation_root z = root_of(correlation.topLeftCorner(p, p));
  const Eigen::VectorXd beta = z.inverse_root * correlation.topRightCorner(p, 1);
  return z.root.cwiseAbs2() * beta.cwiseAbs2();
}

logistic_weights logistic_relative_weights(const gram_summary& g, const logistic_rows& rows,
                                           const logistic_options& o) {
  logistic_weights out;
  out.fit = logistic_regression(g, rows, o);  // the same Gram summary for the fit and the correlations
  const Eigen::Index p = g.columns() - 1;
  const Eigen::MatrixXd rxx = g.correlation().topLeftCorner(p, p);
  const Eigen::VectorXd per_sd = out.fit.scaled.unaryExpr([](double b) { return std::isnan(b) ? 0.0 : b; });
  // R² of a logistic fit: the squared weighted correlation of the fitted probability and the outcome.
  const double r = out.fit.fitted.correlation()(0, 1);
  out.r2 = r * r;

  const double sd_logit = std::sqrt(std::max(0.0, per_sd.dot(rxx * per_sd)));
  const double scale = sd_logit > 0 ? std::sqrt(out.r2) / sd_logit : 0.0;
  const Eigen::MatrixXd root = root_of(rxx).root;
  const Eigen::VectorXd beta_z = root * per_sd * scale;
  out.weights = root.cwiseAbs2() * beta_z.cwiseAbs2();
  out.beta = out.fit.scaled * scale;
  return out;
}

logistic_weights logistic_relative_weights(const Eigen::Ref<const Eigen::MatrixXd>& data, const Eigen::VectorXd& weight,
                                           const logistic_options& o) {
  const detail::logistic_inputs in(data, weight);
  Eigen::VectorXd eta;
  logistic_weights out = logistic_relative_weights(in.g, detail::rows_in_memory(data, in, &eta), o);
  out.fit.linear_predictor = std::move(eta);
  return out;
}

}  // namespace cxscore
