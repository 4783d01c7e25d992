#include "cxscore/io/paths_csv.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <exception>
#include <map>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "internal/cell_text.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"

// ChannelAttribution's files are thousands of short paths, so reading them is most of the work of removal
// effects (the chain itself solves in microseconds). Rows are therefore split in one SIMD pass over the
// text, channels are looked up inline in an open-addressing table keyed by a name's first 8 bytes and
// length, and transitions are tallied in a dense matrix while reading: nothing is allocated per path.
// Past 64 KB pieces of the text are read by two threads and merged in file order. A file with quoted
// fields or lone '\r' line ends goes through the general RFC 4180 reader into the same tally.

namespace cxscore {
namespace {

/// Channel names to dense codes in first-appearance order. A name's first 8 bytes and its length are its
/// key (longer names compare the rest too), so the usual short name costs one load, one multiply and one
/// probe of a table that stays in L1.
class channel_table {
 public:
  /// Names inside `text` are read 8 bytes at a time; others (unescaped quoted fields) byte-wise.
  explicit channel_table(std::string_view text) : m_begin(text.data()), m_end(text.data() + text.size()) {
    m_slots.resize(std::size_t{1} << m_bits);
  }

  /// The code of the non-empty name at [first, first + length); `added` is set when the name is new.
  [[gnu::always_inline]] std::uint32_t code(const char* first, std::size_t length, bool& added) {
    std::uint64_t head = 0;
    if (first >= m_begin && m_end - first >= 8) [[likely]] {
      std::memcpy(&head, first, 8);
      if (length < 8) head &= (std::uint64_t{1} << (8 * length)) - 1;
    } else {
      std::memcpy(&head, first, std::min<std::size_t>(length, 8));
    }
    std::uint64_t h = head;
    for (std::size_t k = 8; k < length; k += 8) {  // names longer than 8 bytes
      std::uint64_t w = 0;
      std::memcpy(&w, first + k, std::min<std::size_t>(8, length - k));
      h = (h * 0xBF58476D1CE4E5B9ull) ^ w;
    }
    h = hash(h, length);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t k = h >> (64 - m_bits);; k = (k + 1) & mask) {
      const slot& s = m_slots[k];
      if (s.head == head && s.length == length &&
          (length <= 8 || std::memcmp(m_names[s.code].data() + 8, first + 8, length - 8) == 0)) [[likely]]
        return s.code;
      if (s.length == 0) return add(k, head, length, h, first, added);
    }
  }
  [[nodiscard]] const std::vector<std::string>& names() const noexcept { return m_names; }

  struct slot {
    std::uint64_t head = 0, hash = 0;
    std::size_t length = 0;  // 0 = free: names are never empty
    std::uint32_t code = 0;
  };
  /// For a caller's inlined lookup of a short name: its home slot is `slots[hash(head, length) >> shift]`.
  [[nodiscard]] const slot* slots() const noexcept { return m_slots.data(); }
  [[nodiscard]] int shift() const noexcept { return 64 - m_bits; }
  [[nodiscard]] static std::uint64_t hash(std::uint64_t head, std::size_t length) noexcept {
    return (head ^ (std::uint64_t{length} << 56)) * 0x9E3779B97F4A7C15ull;
  }

 private:
  std::uint32_t add(std::size_t k, std::uint64_t head, std::size_t length, std::uint64_t h, const char* first,
                    bool& added) {
    const auto code = static_cast<std::uint32_t>(m_names.size());
    m_slots[k] = {head, h, length, code};
    m_names.emplace_back(first, length);
    added = true;
    if (2 * m_names.size() > m_slots.size()) {  // keep the load at most 1/2
      std::vector<slot> old(std::size_t{2} << m_bits);
      old.swap(m_slots);
      ++m_bits;
      for (const slot& s : old) {
        if (s.length == 0) continue;
        std::size_t j = s.hash >> (64 - m_bits);
        while (m_slots[j].length != 0) j = (j + 1) & (m_slots.size() - 1);
        m_slots[j] = s;
      }
    }
    return code;
  }
  const char *m_begin, *m_end;
  int m_bits = 6;
  std::vector<slot> m_slots;
  std::vector<std::string> m_names;
};

/// Transition counts between start (0) and channels (code + 1), and each state's exits: a dense square
/// matrix while the channels are few (it grows as channels appear), hashed beyond.
class transition_tally {
 public:
  /// Makes room for states 0 ... `states` - 1 (called when a channel appears).
  void reserve(std::uint32_t states) {
    m_successes.resize(states, 0.0), m_failures.resize(states, 0.0);
    if (states <= m_side || m_side == sparse) return;
    if (states > dense_limit) {  // from now on hashed
      for (std::uint32_t from = 0; from < m_side; ++from)
        for (std::uint32_t to = 0; to < m_side; ++to)
          if (const double n = m_dense[std::size_t{from} * m_side + to]; n != 0) m_sparse[key(from, to)] = n;
      m_dense.clear();
      m_side = sparse;
      return;
    }
    std::uint32_t side = std::max<std::uint32_t>(16, m_side);
    while (side < states) side *= 2;
    std::vector<double> bigger(std::size_t{side} * side, 0.0);
    for (std::uint32_t from = 0; from < m_side; ++from)
      std::memcpy(&bigger[std::size_t{from} * side], &m_dense[std::size_t{from} * m_side], m_side * sizeof(double));
    m_dense.swap(bigger);
    m_side = side;
  }
  /// Adds `successes + failures` journeys along start -> states[0] -> ... -> states[n - 1] -> outcome.
  [[gnu::always_inline]] void add_path(const std::uint32_t* states, std::size_t n, double successes, double failures) {
    const double journeys = successes + failures;
    std::uint32_t from = 0;
    if (m_side != sparse) [[likely]] {
      double* const dense = m_dense.data();
      const std::size_t side = m_side;
      double* row = dense;  // the counts out of `from`
      for (std::size_t k = 0; k < n; ++k) {
        row[states[k]] += journeys;
        row = dense + states[k] * side;
      }
      if (n) from = states[n - 1];
    } else {
      for (std::size_t k = 0; k < n; ++k) m_sparse[key(from, states[k])] += journeys, from = states[k];
    }
    m_successes[from] += successes;
    m_failures[from] += failures;
  }
  /// Adds `other`'s counts, its state s becoming state recode[s].
  void merge(const transition_tally& other, const std::vector<std::uint32_t>& recode) {
    other.for_each([&](std::uint32_t from, std::uint32_t to, double n) {
      const std::uint32_t f = recode[from], t = recode[to];
      if (m_side != sparse) m_dense[std::size_t{f} * m_side + t] += n;
      else m_sparse[key(f, t)] += n;
    });
    for (std::uint32_t from = 0; from < other.m_successes.size(); ++from) {
      m_successes[recode[from]] += other.m_successes[from];
      m_failures[recode[from]] += other.m_failures[from];
    }
  }
  [[nodiscard]] markov_counts counts(std::size_t channels) const {
    markov_counts out(channels);
    auto state = [](std::uint32_t s) { return s == 0 ? markov_counts::start_state() : markov_counts::state({s - 1}); };
    for_each([&](std::uint32_t from, std::uint32_t to, double n) { out.add_transition(state(from), state(to), n); });
    for (std::uint32_t from = 0; from < m_successes.size(); ++from)
      out.add_exits(state(from), m_successes[from], m_failures[from]);
    return out;
  }

 private:
  static constexpr std::uint32_t dense_limit = 1024;  // 8 MB of counts at most
  static constexpr std::uint32_t sparse = ~std::uint32_t{0};
  static std::uint64_t key(std::uint32_t from, std::uint32_t to) { return std::uint64_t{from} << 32 | to; }
  /// Calls fn(from, to, count) for every transition counted.
  template <class Fn>
  void for_each(Fn&& fn) const {
    if (m_side != sparse)
      for (std::uint32_t from = 0; from < m_side; ++from)
        for (std::uint32_t to = 0; to < m_side; ++to)
          if (const double n = m_dense[std::size_t{from} * m_side + to]; n > 0) fn(from, to, n);
    for (const auto& [k, n] : m_sparse) fn(static_cast<std::uint32_t>(k >> 32), static_cast<std::uint32_t>(k), n);
  }
  std::uint32_t m_side = 0;
  std::vector<double> m_dense;
  std::unordered_map<std::uint64_t, double> m_sparse;
  std::vector<double> m_successes, m_failures;
};

/// Of 64 bytes at p: bit k of `arrows` set where p[k] is '>', of `ends` where it is ',' or '\n', of
/// `newlines` where it is '\n', of `quotes` where it is '"' and of `returns` where it is '\r' (which the plain reading leaves to
/// the general reader, unless the '\r' ends a line before its '\n').
struct separator_bits {
  std::uint64_t arrows = 0, ends = 0, newlines = 0, quotes = 0, returns = 0;
};
separator_bits separators(const char* p) noexcept {
  separator_bits b;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), arrow = _mm_set1_epi8('>'),
                quote = _mm_set1_epi8('"'), carriage = _mm_set1_epi8('\r');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i is_newline = _mm_cmpeq_epi8(v, newline);
    const auto bits = [&](__m128i hit) { return std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(hit))} << (16 * k); };
    b.arrows |= bits(_mm_cmpeq_epi8(v, arrow));
    b.ends |= bits(_mm_or_si128(_mm_cmpeq_epi8(v, comma), is_newline));
    b.newlines |= bits(is_newline);
    b.quotes |= bits(_mm_cmpeq_epi8(v, quote));
    b.returns |= bits(_mm_cmpeq_epi8(v, carriage));
  }
#else
  for (int k = 0; k < 64; ++k) {
    b.arrows |= std::uint64_t{p[k] == '>'} << k;
    b.ends |= std::uint64_t{p[k] == ',' || p[k] == '\n'} << k;
    b.newlines |= std::uint64_t{p[k] == '\n'} << k;
    b.quotes |= std::uint64_t{p[k] == '"'} << k;
    b.returns |= std::uint64_t{p[k] == '\r'} << k;
  }
#endif
  return b;
}

/// low_bytes[n]: the mask of a word's first n bytes (little-endian loads).
constexpr std::uint64_t low_bytes[9] = {0,           0xFF,           0xFFFF,           0xFFFFFF,        0xFFFFFFFF,
                                        0xFFFFFFFFFF, 0xFFFFFFFFFFFF, 0xFFFFFFFFFFFFFF, ~std::uint64_t{0}};

/// Reads the rows of ChannelAttribution's format into channel codes and transition counts.
class path_reader {
 public:
  path_reader(std::string_view text, const detail::csv_header& header, std::string source)
      : m_text(text), m_header(header), m_source(std::move(source)), m_path(header.required("path")),
        m_conversions(header.required("total_conversions")), m_null(header.optional("total_null")), m_channels(text) {
    m_tally.reserve(1);  // the start state
    m_steps.resize(256);
  }

  /// The rows from offset `pos` (line `line`) to `size` (a line end, or the text's end) in one pass over
  /// separator bits: the path's channels are looked up inline as they end; other fields are only
  /// delimited. Stops and returns false at a quote or a '\r' that does not end a line before its '\n':
  /// such a text is for read_quoted() (rows before it may have thrown already, as they would there).
  bool read_plain(std::size_t pos, std::size_t line, std::size_t size) {
    const std::string_view text = m_text;
    const char* const base = text.data();
    const std::size_t columns = m_header.size(), c_path = m_path;
    const std::size_t c_conversions = m_conversions, c_null = m_null.value_or(columns);
    std::string_view path_field, conversions_field, null_field;  // of the current row
    std::size_t field = 0, field_start = pos, token_start = pos;
    // State of the inline lookup, refreshed after anything that may change it.
    const channel_table::slot* slots = m_channels.slots();
    int shift = m_channels.shift();
    std::uint32_t* steps = m_steps.data();
    std::size_t count = 0;
    bool whole_words = false;  // names of the current block can be read 8 bytes at a time
    // The channel in [start, end): a name of at most 8 bytes between " > " already in its home slot is
    // looked up right here; anything else (longer names, other blanks, a new name, a collision) goes
    // through channel(). A name with other blanks never matches here: names are stored trimmed and the
    // key is the exact bytes and length.
    const auto token = [&](std::size_t start, std::size_t end) __attribute__((always_inline)) {
      // One blank on each side dropped without a branch (a blank-only token wraps `length` around and
      // falls through to channel(), which trims the original text). With whole words the token and the
      // 8 bytes after its start lie inside the text.
      const char* first = base + start;
      if (whole_words) [[likely]] {
        const auto lead = static_cast<std::size_t>(*first == ' '), trail = static_cast<std::size_t>(base[end - 1] == ' ');
        const std::size_t length = end - start - lead - trail;
        if (length - 1 < 8) [[likely]] {
          std::uint64_t head;
          std::memcpy(&head, first + lead, 8);
          head &= low_bytes[length];
          const channel_table::slot& s = slots[channel_table::hash(head, length) >> shift];
          if (s.head == head && s.length == length) [[likely]] {
            steps[count++] = s.code + 1;
            return;
          }
        }
      }
      m_count = count;
      channel(first, end - start);
      slots = m_channels.slots(), shift = m_channels.shift(), steps = m_steps.data(), count = m_count;
    };
    const auto end_field = [&](std::size_t p, bool newline) __attribute__((always_inline)) {
      const std::size_t end = p - (newline && p > field_start && base[p - 1] == '\r');
      if (newline && field == 0 && end == field_start) [[unlikely]] {  // a blank line
        field_start = token_start = p + 1, ++line;
        return;
      }
      if (field == c_path) token(token_start, end);
      const bool last = field + 1 == columns;
      if ((newline != last) || field >= columns) [[unlikely]] {  // too few fields, or more than the header's
        std::size_t found = field + (newline ? 1 : 2);  // ... and one more for each further comma
        for (std::size_t q = p + 1; !newline && q < size && base[q] != '\n'; ++q) found += base[q] == ',';
        detail::fail({m_source, line, "", std::to_string(found) + " fields"},
                     "expected " + std::to_string(columns) + " fields as in the header");
      }
      const std::string_view value(base + field_start, end - field_start);
      if (field == c_path) path_field = value;
      else if (field == c_conversions) conversions_field = value;
      else if (field == c_null) null_field = value;
      ++field;
      field_start = token_start = p + 1;
      if (!newline) return;
      m_count = count;
      end_row(line++, path_field, conversions_field, null_field);
      count = 0;
      field = 0;
    };
    // By 64-byte blocks; the last partial block is copied into a padded buffer.
    char tail[64];
    for (std::size_t block = pos; block < size; block += 64) {
      const char* p = base + block;
      const std::size_t n = std::min<std::size_t>(64, size - block);
      if (n < 64) p = static_cast<const char*>(std::memcpy(std::memset(tail, ' ', 64), p, n));
      auto [arrows, ends, newlines, quotes, returns] = separators(p);
      if (n < 64) arrows &= (1ull << n) - 1, ends &= (1ull << n) - 1, newlines &= (1ull << n) - 1, quotes &= (1ull << n) - 1,
                  returns &= (1ull << n) - 1;
      if (quotes || returns) [[unlikely]] {
        const bool last_ends_line = block + 64 < text.size() && base[block + 64] == '\n';
        if (quotes || (returns & ~(newlines >> 1) & ~(std::uint64_t{last_ends_line} << 63)) != 0) return false;
      }
      whole_words = block + 72 <= text.size();
      if (m_steps.size() < count + 64) {  // room for every channel of the block
        m_steps.resize(2 * (count + 64));
        steps = m_steps.data();
      }
      while (true) {
        const std::uint64_t before_end = ends ? (ends & (0 - ends)) - 1 : ~0ull;  // bits before the next field end
        if (field == c_path)
          for (std::uint64_t a = arrows & before_end; a; a &= a - 1) {
            const std::size_t at = block + static_cast<std::size_t>(std::countr_zero(a));
            token(token_start, at);
            token_start = at + 1;
          }
        arrows &= ~before_end;  // an arrow in another field is part of its text
        if (!ends) break;
        const int k = std::countr_zero(ends);
        ends &= ends - 1;
        end_field(block + static_cast<std::size_t>(k), (newlines >> k) & 1);
      }
    }
    whole_words = false;
    if (field_start < size || field > 0) end_field(size, true);
    return true;
  }

  /// The rows after the header through the general RFC 4180 reader (quoted fields, lone '\r').
  void read_quoted(detail::csv_reader& reader) {
    std::vector<rejected_row> rejected;  // strict: for_each_row rethrows
    detail::for_each_row(reader, m_header, false, rejected, [&](const std::vector<std::string_view>& f, std::size_t row) {
      const std::string_view path = f[m_path];
      for (std::size_t sep = 0, start = 0; sep != std::string_view::npos; start = sep + 1) {
        sep = path.find('>', start);
        const std::string_view name = path.substr(start, sep - start);  // channel() trims
        channel(name.data(), name.size());
      }
      end_row(row, path, f[m_conversions], m_null ? f[*m_null] : std::string_view{});
    });
  }

  /// Appends the rows `later` read (the text after this reader's), as if this reader had read them.
  void merge(const path_reader& later) {
    std::vector<std::uint32_t> recode{0};  // later's state -> this reader's (start stays 0)
    for (const auto& name : later.m_channels.names()) {
      bool added = false;
      recode.push_back(m_channels.code(name.data(), name.size(), added) + 1);
      if (added) m_tally.reserve(recode.back() + 1);
    }
    m_tally.merge(later.m_tally, recode);
    m_rows += later.m_rows;
  }

  [[nodiscard]] channel_paths result() const {
    channel_paths out;
    if (m_rows == 0) detail::fail({m_source, 0, "path", ""}, "no paths in the file");
    for (const auto& name : m_channels.names()) out.channels.encode(name);
    out.counts = m_tally.counts(out.channels.size());
    // With no journey there is no conversion probability to attribute (the chain would report 0).
    if (out.counts.journeys() == 0)
      detail::fail({m_source, 0, "total_conversions", "0"}, "every path's counts are 0: no journeys");
    out.rows = m_rows;
    return out;
  }

 private:
  /// Appends the channel of a name, trimmed here (empty = a missing name, an error at the row's end).
  void channel(const char* first, std::size_t length) {
    const std::string_view name = detail::trim(std::string_view(first, length));
    if (name.empty()) {
      m_empty_channel = true;
      return;
    }
    bool added = false;
    const std::uint32_t state = m_channels.code(name.data(), name.size(), added) + 1;
    if (added) m_tally.reserve(state + 1);
    if (m_count == m_steps.size()) m_steps.resize(2 * m_steps.size());
    m_steps[m_count++] = state;
  }
  /// The end of a row whose channels are m_steps[0 ... m_count - 1]: checks it and tallies its journeys.
  [[gnu::always_inline]] void end_row(std::size_t row, std::string_view path, std::string_view conversions,
                                      std::string_view nulls) {
    m_row = row;
    if (m_count == 0 && detail::trim(path).empty()) bad(m_path, path, "the path is empty");
    if (m_empty_channel) bad(m_path, path, "a channel name between ' > ' is empty");
    const double successes = count(m_conversions, conversions);
    const double failures = m_null ? count(*m_null, nulls) : 0.0;
    if (successes + failures > 0) m_tally.add_path(m_steps.data(), m_count, successes, failures);
    m_count = 0;
    m_empty_channel = false;
    ++m_rows;
  }
  // Whole numbers (the usual case) without from_chars; anything else through parse_double. Up to 15 digits
  // a whole number is below max_path_count.
  [[gnu::always_inline]] double count(std::size_t column, std::string_view cell) const {
    if (cell.size() == 1 && static_cast<unsigned>(cell[0] - '0') < 10) return cell[0] - '0';
    if (!cell.empty() && cell.size() <= 15) {
      std::uint64_t n = 0;
      std::size_t k = 0;
      for (; k < cell.size() && static_cast<unsigned>(cell[k] - '0') < 10; ++k) n = 10 * n + static_cast<unsigned>(cell[k] - '0');
      if (k == cell.size()) return static_cast<double>(n);
    }
    double x = 0;
    if (!detail::parse_double(cell, x) || !(x >= 0 && x <= max_path_count))
      bad(column, cell, "expected a count from 0 to 1e15 (max_path_count)");
    return x;
  }
  [[noreturn]] void bad(std::size_t column, std::string_view value, const std::string& reason) const {
    detail::fail({m_source, m_row, m_header.names()[column], std::string(value)}, reason);
  }

  std::string_view m_text;
  const detail::csv_header& m_header;
  std::string m_source;
  std::size_t m_path, m_conversions;
  std::optional<std::size_t> m_null;
  channel_table m_channels;
  transition_tally m_tally;
  std::vector<std::uint32_t> m_steps;  // the current path's states: m_steps[0 ... m_count - 1] (reused)
  std::size_t m_count = 0;
  bool m_empty_channel = false;
  std::size_t m_row = 0, m_rows = 0;
};

}  // namespace

channel_paths parse_paths_csv(std::string_view text, const std::string& source) {
  detail::csv_reader reader(text, source);
  const std::map<std::string, std::string> no_renames;
  const detail::csv_header header(reader, no_renames);
  // The rows are cut at line ends into pieces of about 32 KB (at most 8), which this thread and one helper
  // take in turn and which are merged in file order. The cut depends on the text alone, so the numbers
  // do not depend on the machine; a helper that is slow to start or is held up costs one piece at most.
  const std::size_t pos = reader.offset(), size = text.size();
  const std::size_t pieces = std::clamp<std::size_t>((size - pos) >> 15, 1, 8);
  std::vector<std::size_t> cut{pos};
  for (std::size_t k = 1; k < pieces; ++k) {
    const std::size_t newline = text.find('\n', std::max(cut.back(), pos + (size - pos) * k / pieces));
    if (newline == std::string_view::npos || newline + 1 >= size) break;
    cut.push_back(newline + 1);
  }
  cut.push_back(size);
  struct piece {
    std::optional<path_reader> rows;
    bool plain = false;
    std::exception_ptr error;
  };
  std::vector<piece> read(cut.size() - 1);
  std::atomic<std::size_t> next{0};
  auto take_pieces = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < read.size();) {
      try {  // a piece's lines are counted from its start; corrected below if one is bad
        read[k].rows.emplace(text, header, source);
        read[k].plain = read[k].rows->read_plain(cut[k], k == 0 ? reader.line() : 1, cut[k + 1]);
      } catch (...) {
        read[k].error = std::current_exception();
      }
    }
  };
  {
    std::optional<std::jthread> helper;
    try {
      if (read.size() > 1) helper.emplace(take_pieces);
    } catch (const std::system_error&) {  // no thread to be had: this one reads every piece
    }
    take_pieces();
  }  // joined: every piece is read
  for (std::size_t k = 0; k < read.size(); ++k) {  // the first bad row or unplain piece in file order decides
    if (read[k].error) {
      try {
        std::rethrow_exception(read[k].error);
      } catch (const input_error& e) {
        location where = e.where();
        if (where.row != 0 && k > 0)
          where.row += reader.line() - 1 + static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(pos),
                                                                               text.begin() + static_cast<std::ptrdiff_t>(cut[k]), '\n'));
        detail::fail(std::move(where), e.reason());
      }
    }
    if (!read[k].plain) {
      path_reader rows(text, header, source);
      rows.read_quoted(reader);
      return rows.result();
    }
    if (k > 0) read[0].rows->merge(*read[k].rows);
  }
  return read[0].rows->result();
}

channel_paths read_paths_csv(const std::filesystem::path& path) {
  return parse_paths_csv(detail::read_file(path.string()), path.string());
}

}  // namespace cxscore
