#pragma once
/// Runs `work(k)` for k = 0 .. tasks - 1 on `threads` std::threads (the caller's thread among them),
/// each taking the next task from a shared counter. Callers give every task its own output and merge
/// the outputs in task order, so the result does not depend on the thread count. The first exception
/// (by task number) is rethrown after every thread has joined.
///
/// ```cpp
/// std::vector<double> part(64);
/// cxscore::detail::parallel_blocks(2, part.size(), [&](std::size_t k) { part[k] = f(k); });
/// ```
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace cxscore::detail {

/// 0 = every core std::thread::hardware_concurrency() reports.
[[nodiscard]] inline unsigned thread_count(unsigned requested) noexcept {
  return requested == 0 ? std::max(1u, std::thread::hardware_concurrency()) : requested;
}

template <class Work>
void parallel_blocks(unsigned threads, std::size_t tasks, Work&& work) {
  threads = static_cast<unsigned>(std::min<std::size_t>(std::max(1u, threads), std::max<std::size_t>(tasks, 1)));
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  std::size_t failed_task = tasks;
  auto run = [&] {
    for (std::size_t k; (k = next.fetch_add(1, std::memory_order_relaxed)) < tasks;) {
      try {
        work(k);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (k < failed_task) failed_task = k, failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(run);
  run();
  for (auto& th : pool) th.join();
  if (failure) std::rethrow_exception(failure);
}

/// Runs `work(k, begin, end)` over [0, rows) cut into fixed pieces of `piece_rows` rows (piece k is
/// [k * piece_rows, min(rows, (k + 1) * piece_rows))) on `threads` threads (0 = every core): the pieces, and so
/// what each computes, do not depend on the thread count.
template <class Work>
void parallel_pieces(unsigned threads, std::size_t rows, std::size_t piece_rows, Work&& work) {
  parallel_blocks(thread_count(threads), (rows + piece_rows - 1) / piece_rows,
                  [&](std::size_t k) { work(k, k * piece_rows, std::min(rows, (k + 1) * piece_rows)); });
}

}  // namespace cxscore::detail
