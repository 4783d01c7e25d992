#pragma once
// An RFC 4180 record reader over text in memory. Hand-written rather than a library because it must
// (a) resume after a bad record in lenient mode, (b) report the line a record starts on, and (c) hand
// out views into the text without copying unquoted fields; the candidates (fccp) stop at the first
// error and fix the column count at compile time.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace cxscore::detail {

/// The field separator of a CSV as its first line (the header) shows it: whichever of ',', ';' (the
/// export of a European-locale spreadsheet), tab and '|' it holds most often outside quotes; ',' on a tie
/// or when it holds none (a single column).
[[nodiscard]] char detect_delimiter(std::string_view text) noexcept;

class csv_reader {
 public:
  /// `keep_blanks`: unquoted fields keep the blanks around them, for a reader that shows a cell in its
  /// errors exactly as the file holds it (a path of blanks). `delimiter`: the field separator, 0 to take
  /// it from the header line (detect_delimiter).
  csv_reader(std::string_view text, std::string source, bool keep_blanks = false, char delimiter = 0);

  /// Reads the next non-empty record into `fields`; false at the end of the text. Unquoted fields come
  /// without the blanks around them (unless `keep_blanks`); quoted fields exactly as written between the
  /// quotes, so `" a"` and `a` are different ids. Throws input_error
  /// (naming the file, the record's line and the column) on an unterminated quote or a stray
  /// character after a closing quote.
  bool next(std::vector<std::string_view>& fields);
  /// Whether a field of the last record is a view of the text, valid as long as the text, rather than of the
  /// reader's own copy of a quoted field that held doubled quotes, valid only until the next record.
  [[nodiscard]] bool in_text(std::string_view field) const noexcept {
    const auto at = reinterpret_cast<std::uintptr_t>(field.data());
    const auto begin = reinterpret_cast<std::uintptr_t>(m_text.data());
    return field.empty() || at - begin < m_text.size();
  }
  /// The line the last record started on (1-based).
  [[nodiscard]] std::size_t row() const noexcept { return m_record_line; }
  /// Names used for columns in errors (the header).
  void set_column_names(std::vector<std::string> names) { m_names = std::move(names); }
  [[nodiscard]] const std::string& source() const noexcept { return m_source; }
  [[nodiscard]] char delimiter() const noexcept { return m_delimiter; }
  /// Where the next record starts: its byte offset in the text and its line (1-based), for a caller that
  /// scans the rest of the text itself.
  [[nodiscard]] std::size_t offset() const noexcept { return m_pos; }
  [[nodiscard]] std::size_t line() const noexcept { return m_line; }
  /// Continues at byte `offset` of the text, counting from line `line`: how a reader of one chunk of the
  /// records (csv_chunks.hpp) starts at its first record.
  void seek(std::size_t offset, std::size_t line) noexcept {
    m_pos = offset;
    m_line = line;
  }

 private:
  std::string column_name(std::size_t index) const;
  std::string_view m_text;
  std::string m_source;
  bool m_keep_blanks;
  char m_delimiter = ',';
  std::size_t m_pos = 0;
  std::size_t m_line = 1;
  std::size_t m_record_line = 0;
  std::vector<std::string> m_names;
  // Storage for quoted fields holding doubled quotes; a deque, so the fields' views stay valid as it grows.
  std::deque<std::string> m_unescaped;
};

}  // namespace cxscore::detail
