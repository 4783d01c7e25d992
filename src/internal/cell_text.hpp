#pragma once
// What the readers do with a file's text and its cells: whole files, numbers, outcomes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cxscore/detail/text.hpp"

namespace cxscore::detail {

/// Reads a whole file as text, decompressing a gzip file; throws input_error naming it if it cannot be
/// opened, or if it is not text (a Parquet file, a spreadsheet, UTF-16, binary data: the error says which).
[[nodiscard]] std::string read_file(const std::string& path);

/// Whether the file at `path` starts as a gzip file does (false if it cannot be read): read_file and
/// mapped_text decompress such a file whole into memory.
[[nodiscard]] bool is_gzip_file(const std::string& path);

/// A whole file's text as read_file gives it, with its checks, but mapped into memory rather than copied
/// where the system can (a regular file, not compressed): for the large inputs, the event logs.
class mapped_text {
 public:
  explicit mapped_text(const std::string& path);
  mapped_text(const mapped_text&) = delete;
  mapped_text& operator=(const mapped_text&) = delete;
  ~mapped_text();
  [[nodiscard]] std::string_view text() const noexcept { return m_text; }
  /// text()[from, to) will be read soon: its pages are mapped in at once rather than a fault at a time.
  void will_read(std::size_t from, std::size_t to) const noexcept;
  /// text()[from, to) will not be read again: its whole pages leave the process's memory. They stay in the
  /// system's file cache, and come back (unchanged: the mapping is read-only) if read after all.
  void done_with(std::size_t from, std::size_t to) const noexcept;

 private:
  void* m_map = nullptr;
  std::size_t m_mapped_bytes = 0;
  std::string m_read;  ///< the text when it is not mapped
  std::string_view m_text;
};

/// Parses a whole cell as a finite double (surrounding blanks and a leading '+' allowed); false if it is
/// not one number, or is NaN or infinite: no reader takes those as data.
[[nodiscard]] bool parse_double(std::string_view s, double& out) noexcept;

/// Why parse_double refused `s`: "not a finite number" for NaN or an infinity, else "not a number".
[[nodiscard]] const char* number_problem(std::string_view s) noexcept;

/// An ISO 8601 time as read_time reads it, in whole nanoseconds since the epoch (digits past the ninth of a
/// fraction dropped); nullopt when the text is not ISO 8601, or lies outside 1677-09-21 … 2262-04-11, where
/// 64 bits of nanoseconds (numpy's datetime64[ns]) cannot hold it.
[[nodiscard]] std::optional<std::int64_t> iso8601_nanoseconds(std::string_view text) noexcept;

/// Parses an outcome cell: a number, or yes/no, true/false (any case) as 1/0; false if it is neither.
[[nodiscard]] bool parse_outcome(std::string_view s, double& out) noexcept;

}  // namespace cxscore::detail
