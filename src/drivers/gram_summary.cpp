#include "cxscore/drivers/gram_summary.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "cxscore/error.hpp"

namespace cxscore {

gram_summary::gram_summary(std::size_t columns)
    : m_sum(Eigen::VectorXd::Zero(static_cast<Eigen::Index>(columns))),
      m_cross(Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(columns), static_cast<Eigen::Index>(columns))) {}

void gram_summary::add(const Eigen::Ref<const Eigen::MatrixXd>& rows) {
  if (rows.rows() == 0) return;
  if (m_n == 0) m_shift = rows.row(0).transpose();
  const Eigen::MatrixXd shifted = rows.rowwise() - m_shift.transpose();
  m_sum += shifted.colwise().sum().transpose();
  m_cross.selfadjointView<Eigen::Lower>().rankUpdate(shifted.transpose());
  m_cross.triangularView<Eigen::StrictlyUpper>() = m_cross.transpose();
  m_n += static_cast<std::size_t>(rows.rows());
}

void gram_summary::add(const Eigen::Ref<const Eigen::MatrixXd>& rows, const Eigen::Ref<const Eigen::VectorXd>& weight) {
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

void gram_summary::merge(const gram_summary& o) {
  if (o.columns() != columns())
    detail::fail({"<gram summary>", 0, "columns", std::to_string(o.columns())},
                 "cannot merge into a Gram summary of " + std::to_string(columns()) + " columns");
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

Eigen::VectorXd gram_summary::mean() const { return m_shift + m_sum / static_cast<double>(m_n); }

Eigen::MatrixXd gram_summary::cross_products() const {
  const double n = static_cast<double>(m_n);
  return m_cross + m_shift * m_sum.transpose() + m_sum * m_shift.transpose() + n * m_shift * m_shift.transpose();
}

Eigen::MatrixXd gram_summary::covariance() const {
  const double n = static_cast<double>(m_n);
  return (m_cross - m_sum * m_sum.transpose() / n) / (n - 1);
}

Eigen::MatrixXd gram_summary::correlation() const {
  const Eigen::MatrixXd c = covariance();
  Eigen::VectorXd inv_sd = c.diagonal().cwiseSqrt();
  for (auto& s : inv_sd) s = s > 0 ? 1 / s : 0;
  Eigen::MatrixXd r = inv_sd.asDiagonal() * c * inv_sd.asDiagonal();
  r.diagonal().setOnes();
  return r;
}

std::vector<Eigen::Index> gram_summary::constant_columns() const {
  std::vector<Eigen::Index> out;
  const Eigen::MatrixXd c = covariance();
  const Eigen::VectorXd mu = mean();
  for (Eigen::Index j = 0; j < columns(); ++j) {
    const double scale = std::max(1.0, mu[j] * mu[j]);
    if (!(c(j, j) > 1e-24 * scale)) out.push_back(j);
  }
  return out;
}

gram_summary build_gram(const Eigen::Ref<const Eigen::MatrixXd>& data, unsigned threads) {
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
