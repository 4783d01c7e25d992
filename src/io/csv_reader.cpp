#include "internal/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "cxscore/detail/text.hpp"
#include "cxscore/error.hpp"

namespace cxscore::detail {

char detect_delimiter(std::string_view text) noexcept {
  constexpr std::array<char, 4> candidates{',', ';', '\t', '|'};
  std::array<std::size_t, candidates.size()> counts{};
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    for (std::size_t k = 0; k < candidates.size(); ++k) counts[k] += c == candidates[k];
  }
  const auto most = std::max_element(counts.begin(), counts.end());  // the first of equals: ',' wins a tie
  return *most == 0 ? ',' : candidates[static_cast<std::size_t>(most - counts.begin())];
}

csv_reader::csv_reader(std::string_view text, std::string source, bool keep_blanks, char delimiter)
    : m_text(text), m_source(std::move(source)), m_keep_blanks(keep_blanks) {
  if (m_text.starts_with("\xEF\xBB\xBF")) m_pos = 3;  // a UTF-8 byte-order mark is not part of the header
  m_delimiter = delimiter != 0 ? delimiter : detect_delimiter(m_text.substr(m_pos));
}

namespace {
// The end of an unquoted field: the first delimiter, \n or \r. string_view::find_first_of calls memchr on
// the set for every character, which made this scan the readers' hot spot; sixteen bytes are compared at
// once where the target has SSE2 (every x86-64), the rest (and other targets) a byte at a time.
std::size_t field_end(std::string_view text, std::size_t pos, char delimiter) noexcept {
  const std::size_t n = text.size();
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter), line_feeds = _mm_set1_epi8('\n');
  const __m128i returns = _mm_set1_epi8('\r');
  for (; pos + 16 <= n; pos += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    const __m128i ends = _mm_or_si128(_mm_cmpeq_epi8(bytes, delimiters),
                                      _mm_or_si128(_mm_cmpeq_epi8(bytes, line_feeds), _mm_cmpeq_epi8(bytes, returns)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(ends)); mask != 0)
      return pos + static_cast<std::size_t>(std::countr_zero(mask));
  }
#endif
  while (pos < n) {
    const char c = text[pos];
    if (c == delimiter || c == '\n' || c == '\r') return pos;
    ++pos;
  }
  return n;
}
}  // namespace

std::string csv_reader::column_name(std::size_t index) const {
  return index < m_names.size() ? m_names[index] : "field " + std::to_string(index + 1);
}

bool csv_reader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  m_unescaped.clear();
  const std::size_t n = m_text.size();
  // Skip blank lines between records.
  while (m_pos < n && (m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
    if (m_text[m_pos] == '\n') ++m_line;
    ++m_pos;
  }
  if (m_pos >= n) return false;
  m_record_line = m_line;
  while (true) {
    if (m_pos < n && m_text[m_pos] == '"') {
      const std::size_t open = m_pos++;
      std::string value;
      bool escaped = false;
      std::size_t start = m_pos;
      while (true) {
        const std::size_t q = m_text.find('"', m_pos);
        if (q == std::string_view::npos) {
          std::string shown(m_text.substr(open, std::min<std::size_t>(40, n - open)));
          m_pos = n;
          fail({m_source, m_record_line, column_name(fields.size()), shown}, "unterminated quoted field");
        }
        for (std::size_t k = m_pos; k < q; ++k) m_line += m_text[k] == '\n';
        if (q + 1 < n && m_text[q + 1] == '"') {  // a doubled quote stands for one quote
          value.append(m_text.substr(start, q + 1 - start));
          escaped = true;
          m_pos = start = q + 2;
          continue;
        }
        if (escaped) {
          value.append(m_text.substr(start, q - start));
          m_unescaped.push_back(std::move(value));
          fields.emplace_back(m_unescaped.back());
        } else {
          fields.push_back(m_text.substr(start, q - start));
        }
        m_pos = q + 1;
        break;
      }
      if (m_pos < n && m_text[m_pos] != m_delimiter && m_text[m_pos] != '\n' && m_text[m_pos] != '\r') {
        const std::size_t end = field_end(m_text, m_pos, m_delimiter);
        std::string shown(m_text.substr(open, end - open));
        // Resume after this line, so that a lenient reader loses only this record.
        const std::size_t eol = m_text.find('\n', m_pos);
        m_pos = eol == std::string_view::npos ? n : eol + 1;
        ++m_line;
        fail({m_source, m_record_line, column_name(fields.size() - 1), shown}, "unexpected text after a closing quote");
      }
    } else {
      // Blanks around an unquoted field are layout, not data; a quoted field is kept as written (RFC 4180).
      const std::size_t end = field_end(m_text, m_pos, m_delimiter);
      const std::string_view field = m_text.substr(m_pos, end - m_pos);
      fields.push_back(m_keep_blanks ? field : trim(field));
      m_pos = end;
    }
    if (m_pos >= n) return true;
    const char c = m_text[m_pos];
    if (c == m_delimiter) {
      ++m_pos;
      continue;
    }
    // End of record: \n, \r\n or a lone \r.
    ++m_pos;
    if (c == '\r' && m_pos < n && m_text[m_pos] == '\n') ++m_pos;
    ++m_line;
    return true;
  }
}

}  // namespace cxscore::detail
