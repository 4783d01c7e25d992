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
#include <Eigen/Core>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cxscore {

class gram_summary {
 public:
  gram_summary() = default;
  /// An empty summary of `columns` columns (drivers + outcome).
  explicit gram_summary(std::size_t columns);

  /// Adds rows (one per customer, columns as in the constructor).
  void add(const Eigen::Ref<const Eigen::MatrixXd>& rows);
  /// Adds rows with whole-number multiplicities (a bootstrap resample: row i counted `weight[i]` times).
  void add(const Eigen::Ref<const Eigen::MatrixXd>& rows, const Eigen::Ref<const Eigen::VectorXd>& weight);
  /// Adds another summary of the same columns; the result equals one pass over both inputs. Summaries of
  /// different column counts are an input_error, never a silently wrong sum.
  void merge(const gram_summary& o);

  [[nodiscard]] std::size_t n() const noexcept { return m_n; }
  [[nodiscard]] Eigen::Index columns() const noexcept { return m_sum.size(); }
  [[nodiscard]] Eigen::VectorXd mean() const;
  /// The raw (unshifted) cross products `[X y]ᵀ[X y]`.
  [[nodiscard]] Eigen::MatrixXd cross_products() const;
  /// Sample covariance (divisor n - 1).
  [[nodiscard]] Eigen::MatrixXd covariance() const;
  /// Correlation matrix; a constant column gets 0 off the diagonal and 1 on it (see constant_columns()).
  [[nodiscard]] Eigen::MatrixXd correlation() const;
  /// Columns whose variance is zero up to rounding (relative to their scale).
  [[nodiscard]] std::vector<Eigen::Index> constant_columns() const;

 private:
  // The byte form (cxscore/io/gram_summary_bytes.hpp) writes and restores these fields exactly.
  friend std::string to_bytes(const gram_summary& g);
  friend gram_summary gram_summary_from_bytes(std::string_view bytes);

  std::size_t m_n = 0;
  Eigen::VectorXd m_shift;
  Eigen::VectorXd m_sum;
  Eigen::MatrixXd m_cross;
};

/// Builds the summary of `data` (rows = customers, outcome last) in fixed chunks of rows merged in
/// chunk order, so the result is bit-identical for any `threads` (0 = hardware concurrency).
[[nodiscard]] gram_summary build_gram(const Eigen::Ref<const Eigen::MatrixXd>& data, unsigned threads = 0);

}  // namespace cxscore
