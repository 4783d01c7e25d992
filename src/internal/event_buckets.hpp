#pragma once
// Events parted by customer into files on disk, so that a file larger than memory is scored a part at a time
// (`cxscore score --buckets`), each part holding every row of its customers.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cxscore/event_table.hpp"
#include "internal/events_chunks.hpp"

namespace cxscore::detail {

/// `count` buckets in a private folder under the system's temporary folder (TMPDIR), removed with the object
/// whether the run succeeds or fails. A row of customer code c goes to bucket c % count, as a fixed-width
/// record of the columns the file has; each bucket keeps its rows in the order they came.
class event_buckets {
 public:
  explicit event_buckets(std::size_t count);
  event_buckets(const event_buckets&) = delete;
  event_buckets& operator=(const event_buckets&) = delete;
  ~event_buckets();

  /// Appends `rows` (customer codes of the whole file); `columns` says which optional columns they carry,
  /// the same for every call.
  void append(const event_table& rows, const event_columns& columns);
  /// Writes every bucket's pending records and lets their buffers go: the rows are all appended.
  void finish_appending();
  /// Bucket `b`'s rows with customer codes c / count (the order in which its customers first appear in it,
  /// when codes are first appearance in the file), and no dictionaries.
  [[nodiscard]] event_table load(std::size_t b);

  [[nodiscard]] std::size_t count() const noexcept { return m_files.size(); }
  /// The private folder the bucket files are in.
  [[nodiscard]] const std::filesystem::path& folder() const noexcept { return m_dir; }
  /// Rows appended to every bucket.
  [[nodiscard]] std::size_t rows() const noexcept { return m_rows; }

 private:
  void flush(std::size_t b);
  /// Closes the files and removes the folder.
  void remove_all() noexcept;
  [[nodiscard]] std::size_t record_bytes() const noexcept;

  std::filesystem::path m_dir;
  std::vector<std::FILE*> m_files;
  std::vector<std::string> m_pending;  // each bucket's records not yet written
  bool m_with_expectation = false, m_with_dimension = false;
  std::size_t m_rows = 0;
};

}  // namespace cxscore::detail
