#pragma once
/// The mergeable Gram summary behind every driver method: `n`, the column sums and the cross-product
/// matrix `[X y]ᵀ[X y]` (so `XᵀX`, `Xᵀy` and `yᵀy` are its blocks), the outcome being the last column.
/// Rows are stored shifted by a reference row (the first row seen) so that the centred moments do not
/// suffer cancellation when means are large against spreads; the shift is part of the summary and
/// `merge()` re-expresses the other summary in this one's shift, so chunks, threads and partitions
/// combine into the same answer as one pass.
///
/// ```cpp
/// Eigen::MatrixXd data(n, 3);                  // columns: driver a, driver b, outcome
/// auto g = cxscore::build_gram(data, 2);       // two threads; same numbers with one
/// Eigen::MatrixXd r = g.correlation();         // 3 x 3, outcome last
/// ```
#include <Eigen/Dense>

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace cxscore {

class gram_summary {
 public:
  gram_summary() = default;
  /// An empty summary of `columns` columns (drivers + outcome).
  explicit gram_summary(std::size_t columns)
      : m_sum(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(columns))),
        m_cross(Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(columns), static_cast<Eigen::Index>(columns))) {}

  /// Adds rows (one per customer, columns as in the constructor).
  void add(const Eigen::Ref<const Eigen::MatrixXd>& rows) {
    if (rows.rows() == 0) return;
    if (m_n == 0) m_shift = rows.row(0).transpose();
    const Eigen::MatrixXd shifted = rows.rowwise() - m_shift.transpose();
    m_sum += shifted.colwise().sum().transpose();
    m_cross.selfadjointView<Eigen::Lower>().rankUpdate(shifted.transpose());
    m_cross.triangularView<Eigen::StrictlyUpper>() = m_cross.transpose();
    m_n += static_cast<std::size_t>(rows.rows());
  }

  /// Adds rows with whole-number multiplicities (a bootstrap resample: row i counted `weight[i]` times).
  void add(const Eigen::Ref<const Eigen::MatrixXd>& rows, const Eigen::Ref<const Eigen::VectorXd>& weight) {
    if (rows.rows() == 0) return;
    gram_summary part(static_cast<std::size_t>(rows.cols()));
    part.m_shift = rows.row(0).transpose();
    const Eigen::MatrixXd shifted = rows.rowwise() - part.m_shift.transpose();
    part.m_sum = shifted.transpose() * weight;
    const Eigen::MatrixXd scaled = shifted.array().colwise() * weight.array().sqrt();
    part.m_cross.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
    part.m_cross.triangularView<Eigen::StrictlyUpper>() = part.m_cross.transpose();
    part.m_n = static_cast<std::size_t>(weight.sum());
    merge(part);
  }

  /// Adds another summary of the same columns; the result equals one pass over both inputs.
  void merge(const gram_summary& o) {
    if (o.m_n == 0) return;
    if (m_n == 0) {
      *this = o;
      return;
    }
    // sum (x - c)(x - c)^T over o's rows, with x - c = (x - c_o) + delta.
    const Eigen::VectorXd delta = o.m_shift - m_shift;
    const double no = static_cast<double>(o.m_n);
    m_cross += o.m_cross + delta * o.m_sum.transpose() + o.m_sum * delta.transpose() + no * delta * delta.transpose();
    m_sum += o.m_sum + no * delta;
    m_n += o.m_n;
  }

  [[nodiscard]] std::size_t n() const noexcept { return m_n; }
  [[nodiscard]] Eigen::Index columns() const noexcept { return m_sum.size(); }
  [[nodiscard]] Eigen::VectorXd mean() const { return m_shift + m_sum / static_cast<double>(m_n); }
  /// The raw (unshifted) cross products `[X y]ᵀ[X y]`.
  [[nodiscard]] Eigen::MatrixXd cross_products() const {
    const double n = static_cast<double>(m_n);
    return m_cross + m_shift * m_sum.transpose() + m_sum * m_shift.transpose() + n * m_shift * m_shift.transpose();
  }
  /// Sample covariance (divisor n - 1).
  [[nodiscard]] Eigen::MatrixXd covariance() const {
    const double n = static_cast<double>(m_n);
    return (m_cross - m_sum * m_sum.transpose() / n) / (n - 1);
  }
  /// Correlation matrix; a constant column gets 0 off the diagonal and 1 on it (see constant_columns()).
  [[nodiscard]] Eigen::MatrixXd correlation() const {
    const Eigen::MatrixXd c = covariance();
    Eigen::VectorXd inv_sd = c.diagonal().cwiseSqrt();
    for (auto& s : inv_sd) s = s > 0 ? 1 / s : 0;
    Eigen::MatrixXd r = inv_sd.asDiagonal() * c * inv_sd.asDiagonal();
    r.diagonal().setOnes();
    return r;
  }
  /// Columns whose variance is zero up to rounding (relative to their scale).
  [[nodiscard]] std::vector<Eigen::Index> constant_columns() const {
    std::vector<Eigen::Index> out;
    const Eigen::MatrixXd c = covariance();
    const Eigen::VectorXd mu = mean();
    for (Eigen::Index j = 0; j < columns(); ++j) {
      const double scale = std::max(1.0, mu[j] * mu[j]);
      if (!(c(j, j) > 1e-24 * scale)) out.push_back(j);
    }
    return out;
  }

 private:
  std::size_t m_n = 0;
  Eigen::VectorXd m_shift;
  Eigen::VectorXd m_sum;
  Eigen::MatrixXd m_cross;
};

/// Builds the summary of `data` (rows = customers, outcome last) in fixed chunks of rows merged in
/// chunk order, so the result is bit-identical for any `threads` (0 = hardware concurrency).
[[nodiscard]] inline gram_summary build_gram(const Eigen::Ref<const Eigen::MatrixXd>& data, unsigned threads = 0) {
  constexpr Eigen::Index chunk = 16384;
  const Eigen::Index n = data.rows();
  const std::size_t chunks = static_cast<std::size_t>((n + chunk - 1) / chunk);
  std::vector<gram_summary> parts(chunks, gram_summary(static_cast<std::size_t>(data.cols())));
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(chunks, 1)));
  auto work = [&](unsigned t) {
    for (std::size_t k = t; k < chunks; k += threads) {
      const Eigen::Index begin = static_cast<Eigen::Index>(k) * chunk;
      parts[k].add(data.middleRows(begin, std::min(chunk, n - begin)));
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  gram_summary total(static_cast<std::size_t>(data.cols()));
  for (const auto& p : parts) total.merge(p);
  return total;
}

}  // namespace cxscore
