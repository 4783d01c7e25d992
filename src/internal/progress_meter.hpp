#pragma once
// The progress of one read of an events file (csv_read_options::progress), summed over the chunks that read
// it side by side.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>

#include "cxscore/io/events_csv.hpp"

namespace cxscore::detail {

/// Sums what each chunk reports and passes the totals on, a call at a time, so that the callback sees
/// bytes and rows that never decrease whichever thread reports. With an empty callback it does nothing.
class progress_meter {
 public:
  /// Bytes a chunk reads between two reports: a report costs a lock and the callback, so it comes rarely
  /// enough that the reader's speed does not change, and often enough for a line redrawn a few times a second.
  static constexpr std::uint64_t step_bytes = std::uint64_t{4} << 20;

  /// A read of `total` bytes of text whose first `already` (the header) are read.
  progress_meter(std::function<void(const read_progress&)> callback, std::uint64_t total, std::uint64_t already)
      : m_callback(std::move(callback)), m_state{.bytes_read = already, .bytes_total = total, .rows = 0} {}

  [[nodiscard]] bool active() const noexcept { return static_cast<bool>(m_callback); }

  /// A chunk has read `bytes` more bytes and `rows` more records.
  void advance(std::uint64_t bytes, std::uint64_t rows) {
    if (!m_callback) return;
    const std::lock_guard lock(m_mutex);
    m_state.bytes_read = std::min(m_state.bytes_total, m_state.bytes_read + bytes);
    m_state.rows += rows;
    m_callback(m_state);
  }

  /// The whole text is read: the last report, with every byte (blank lines at the end included).
  void finish() {
    if (!m_callback) return;
    const std::lock_guard lock(m_mutex);
    m_state.bytes_read = m_state.bytes_total;
    m_callback(m_state);
  }

 private:
  std::function<void(const read_progress&)> m_callback;
  std::mutex m_mutex;
  read_progress m_state;
};

/// What one chunk's reader tells a meter: the bytes and records read since its last report, every
/// progress_meter::step_bytes of text, and the rest at the end. Null or inactive meter: nothing.
class chunk_progress {
 public:
  /// A chunk whose text starts at offset `begin`.
  chunk_progress(progress_meter* meter, std::uint64_t begin) noexcept
      : m_meter(meter != nullptr && meter->active() ? meter : nullptr), m_reported(begin) {}

  /// The reader is at `offset`, `rows` records into the chunk: a report once a step is read (a comparison
  /// per row otherwise).
  void at(std::uint64_t offset, std::uint64_t rows) {
    if (m_meter != nullptr && offset >= m_reported + progress_meter::step_bytes) report(offset, rows);
  }

  /// Reports what was read up to `offset` (the chunk's end, at its last call).
  void report(std::uint64_t offset, std::uint64_t rows) {
    if (m_meter == nullptr) return;
    m_meter->advance(offset - m_reported, rows - m_rows);
    m_reported = offset;
    m_rows = rows;
  }

 private:
  progress_meter* m_meter;
  std::uint64_t m_reported, m_rows = 0;
};

}  // namespace cxscore::detail
