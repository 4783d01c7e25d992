#pragma once
// A reader's pass through a mapped file that keeps only a window of it in memory.
#include <algorithm>
#include <cstddef>

#include "internal/cell_text.hpp"

namespace cxscore::detail {

/// A pass through text[begin, end) of a mapped file: the pages a little ahead of the reader are mapped in
/// before it meets them, and the pages behind it are let go, so that a file of any size takes a few
/// mebibytes of memory while it is read. Reading a page again after all only costs a fault. With no file
/// (the text is in memory) it does nothing.
class paged_pass {
 public:
  paged_pass(const mapped_text* file, std::size_t begin, std::size_t end) noexcept
      : m_file(file), m_released(begin), m_next(begin), m_end(end) {
    at(begin);
  }
  paged_pass(const paged_pass&) = delete;
  paged_pass& operator=(const paged_pass&) = delete;
  ~paged_pass() {
    if (m_file != nullptr) m_file->done_with(m_released, m_end);
  }

  /// The reader is at `offset`; it reads nothing more than `kept` bytes before it again (a batch of labels
  /// waiting to be encoded points back into the text).
  void at(std::size_t offset) noexcept {
    if (m_file == nullptr || offset < m_next) return;
    m_file->will_read(offset, std::min(m_end, offset + 2 * step));
    if (offset > m_released + kept) {
      m_file->done_with(m_released, offset - kept);
      m_released = offset - kept;
    }
    m_next = offset + step;
  }

 private:
  static constexpr std::size_t step = std::size_t{4} << 20;
  static constexpr std::size_t kept = std::size_t{1} << 20;
  const mapped_text* m_file;
  std::size_t m_released, m_next, m_end;
};

}  // namespace cxscore::detail
