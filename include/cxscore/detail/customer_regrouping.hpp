#pragma once
/// The general path of score(): rows in any order regrouped by customer with a stable two-level
/// counting sort, so that the customer-sorted path can score them.
///
/// - **Level one** measures each row's gap in input order (the one number of the experience and the
///   expectation that the rest of the measuring needs, encounter_block.hpp), cuts the customer codes into
///   partitions (pieces of the kernel's blocks of codes, each of at most 2^chunk_bits codes, about
///   `rows_per_partition` rows) and moves each row, as one 16-byte record of its gap, customer and
///   touchpoint (and its time and dimension code where the model reads them), into one range per
///   partition, in input order. Pieces of rows are counted and moved on every core; each piece's place in
///   each range is fixed by the counts before it, so the copy is the same for any thread count. Only as
///   many write streams as partitions, so the moves stream through the caches. When a row takes more than
///   24 bytes (time and dimension both read), large inputs are moved in rounds of whole blocks (a round's
///   rows are scored before the next round is moved), so the copy holds at most about 24 bytes a row.
/// - **Level two** sorts one partition at a time by code, in cache, into columns that the sorted path
///   reads as events, the gap in place of the experience (encounter_constants::for_gaps()).
///
/// Both levels are stable: each customer's rows keep input order, so the sorted path adds every sum in
/// the order that the stably customer-sorted input gives, with the same bits.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "cxscore/code_column.hpp"
#include "cxscore/detail/encounter_block.hpp"
#include "cxscore/detail/huge_page_memory.hpp"
#include "cxscore/detail/kernel_target.hpp"
#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/detail/prefetch.hpp"
#include "cxscore/event_table.hpp"

namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE {

/// An array of a trivial type whose entries are left unset until written (the moves write every one): no
/// pass of zeros ahead of them, and huge pages for a large one (huge_page_memory.hpp). Resizing keeps the
/// storage when it is large enough and never keeps the entries.
template <class T>
class overwritten_array {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_default_constructible_v<T>);

 public:
  void resize(std::size_t n) {
    if (n > m_capacity) m_memory = allocate_for_overwrite(n * sizeof(T)), m_capacity = n;
    m_size = n;
  }
  [[nodiscard]] T* data() noexcept { return static_cast<T*>(m_memory.get()); }
  [[nodiscard]] const T* data() const noexcept { return static_cast<const T*>(m_memory.get()); }
  [[nodiscard]] std::span<const T> span() const noexcept { return {data(), m_size}; }

 private:
  allocated_memory m_memory;
  std::size_t m_size = 0, m_capacity = 0;
};

/// Which of the optional columns score() reads.
struct read_columns {
  bool time = false;
  bool expectation = false;
  bool dimension = false;
};

/// What level one keeps of a row: its gap (the experience and expectation measured, encounter_block.hpp),
/// customer and touchpoint codes, in one store. Its time and dimension code, where read, go beside it.
struct regrouped_row {
  double gap;
  std::uint32_t customer;
  touchpoint_code touchpoint;
};

/// Rows as level one keeps them: one array of regrouped_row, and the times and dimension codes where read.
struct regrouped_rows {
  overwritten_array<regrouped_row> row;
  overwritten_array<double> time;
  overwritten_array<std::int32_t> dimension;

  void resize(const read_columns& read, std::size_t n) {
    row.resize(n);
    if (read.time) time.resize(n);
    if (read.dimension) dimension.resize(n);
  }
  /// Bytes a row takes.
  [[nodiscard]] static std::size_t row_bytes(const read_columns& read) noexcept {
    return sizeof(regrouped_row) + (read.time ? sizeof(double) : 0) + (read.dimension ? sizeof(std::int32_t) : 0);
  }
};

/// The partitions of the customer codes: chunk i holds codes [i << chunk_bits, (i + 1) << chunk_bits),
/// cut in two where a kernel block begins inside it (chunks are no longer than blocks, so at most once).
class customer_partitions {
 public:
  /// Partitions for `rows` rows of `customers` codes, in blocks of `customers_per_block` codes.
  customer_partitions(std::size_t rows, std::size_t customers, std::size_t customers_per_block) {
    constexpr std::size_t rows_per_partition = 16384, max_partitions = 1024;
    const std::size_t wanted = std::clamp<std::size_t>(rows / rows_per_partition, 1, max_partitions);
    auto chunks_of = [customers](unsigned bits) { return (customers + (std::size_t{1} << bits) - 1) >> bits; };
    while (chunks_of(m_chunk_bits) > wanted && (std::size_t{2} << m_chunk_bits) <= customers_per_block) ++m_chunk_bits;
    std::size_t next_block_begin = customers_per_block;
    for (std::size_t i = 0; i < chunks_of(m_chunk_bits); ++i) {
      const std::size_t begin = i << m_chunk_bits, end = std::min(customers, (i + 1) << m_chunk_bits);
      chunk c{.first_partition = static_cast<std::uint32_t>(m_first_code.size()),
              .split = std::numeric_limits<std::uint32_t>::max()};
      m_first_code.push_back(static_cast<std::uint32_t>(begin));
      m_block.push_back(begin / customers_per_block);
      if (next_block_begin == begin) next_block_begin += customers_per_block;
      if (next_block_begin < end) {
        c.split = static_cast<std::uint32_t>(next_block_begin);
        m_first_code.push_back(c.split);
        m_block.push_back(next_block_begin / customers_per_block);
        next_block_begin += customers_per_block;
      }
      m_chunks.push_back(c);
    }
    m_first_code.push_back(static_cast<std::uint32_t>(customers));
    const std::size_t blocks = (customers + customers_per_block - 1) / customers_per_block;
    m_first_of_block.assign(blocks + 1, m_block.size());
    for (std::size_t p = m_block.size(); p-- > 0;) m_first_of_block[m_block[p]] = p;
  }

  [[nodiscard]] std::size_t size() const noexcept { return m_block.size(); }
  /// The partition of customer code c (c < customers).
  [[nodiscard]] std::uint32_t of(std::uint32_t c) const noexcept {
    const chunk& k = m_chunks[c >> m_chunk_bits];
    return k.first_partition + (c >= k.split ? 1u : 0u);
  }
  [[nodiscard]] std::uint32_t first_code(std::size_t p) const noexcept { return m_first_code[p]; }
  /// The partitions of kernel block b: [first_of_block(b), first_of_block(b + 1)).
  [[nodiscard]] std::size_t first_of_block(std::size_t b) const noexcept { return m_first_of_block[b]; }

 private:
  struct chunk {
    std::uint32_t first_partition;
    std::uint32_t split;  ///< where the second partition of the chunk begins (max: none)
  };
  unsigned m_chunk_bits = 0;
  std::vector<chunk> m_chunks;
  std::vector<std::uint32_t> m_first_code;  ///< of each partition, then the number of customers
  std::vector<std::size_t> m_block;         ///< kernel block of each partition
  std::vector<std::size_t> m_first_of_block;
};

/// Level one: each row's gap measured in input order, and the row moved into one range per partition, in
/// input order, a round of kernel blocks at a time, so that the copy holds at most about most_row_bytes
/// a row of all the rows (as much as the customer, touchpoint, experience and time columns).
class partitioned_rows {
 public:
  static constexpr std::size_t most_row_bytes = 24;

  customer_partitions partitions;
  std::vector<std::size_t> first_row;  ///< of each partition of the round in `moved`, then the round's end
  regrouped_rows moved;

  /// Counts the rows of each partition, per piece of rows.
  partitioned_rows(const event_view& ev, std::size_t customers_per_block, unsigned threads)
      : partitions(ev.size(), ev.customer_count, customers_per_block),
        m_rows(ev.size()),
        m_piece_rows(std::max<std::size_t>(std::size_t{1} << 16, ev.size() / 256)),
        m_pieces((ev.size() + m_piece_rows - 1) / m_piece_rows),
        m_count(m_pieces * partitions.size(), 0) {
    const std::uint32_t* customer = ev.customer.data();
    const std::size_t parts = partitions.size();
    parallel_pieces(threads, ev.size(), m_piece_rows, [&](std::size_t k, std::size_t begin, std::size_t end) {
      std::size_t* count = m_count.data() + k * parts;
      for (std::size_t r = begin; r < end; ++r) ++count[partitions.of(customer[r])];
    });
  }

  /// The rows a round holds at most (unless it is one block): as many as most_row_bytes a row of all of
  /// them hold, or 2^20 if that is more. A regrouped_row, with a time or a dimension code beside it, is
  /// one round; with both, two.
  [[nodiscard]] std::size_t round_rows(const read_columns& read) const noexcept {
    return std::max(m_rows * most_row_bytes / regrouped_rows::row_bytes(read), std::size_t{1} << 20);
  }

  /// The rounds, as block boundaries: as few as hold at most `most` rows each on average, cut where the
  /// rows seen so far first reach each round's share (so a round holds at most its share and one block).
  /// Every round reads every column once more: balanced rounds rather than full ones and a remainder.
  [[nodiscard]] std::vector<std::size_t> rounds(std::size_t blocks, std::size_t most) const {
    std::vector<std::size_t> rows_of_block(blocks);
    std::size_t total = 0;
    for (std::size_t b = 0; b < blocks; ++b)
      total += rows_of_block[b] = total_rows(partitions.first_of_block(b), partitions.first_of_block(b + 1));
    const std::size_t count = std::max<std::size_t>(1, (total + most - 1) / std::max<std::size_t>(most, 1));
    std::vector<std::size_t> round{0};
    std::size_t seen = 0;
    for (std::size_t b = 0; b + 1 < blocks; ++b) {
      seen += rows_of_block[b];
      if (round.size() < count && static_cast<double>(seen) * static_cast<double>(count) >=
                                      static_cast<double>(total) * static_cast<double>(round.size()))
        round.push_back(b + 1);
    }
    round.push_back(blocks);
    return round;
  }

  /// Measures the gaps of the rows of blocks [first_block, end_block) and moves those rows into `moved`.
  void move_round(const event_view& ev, const encounter_constants& constants, const read_columns& read,
                  std::size_t first_block, std::size_t end_block, unsigned threads) {
    const std::size_t parts = partitions.size();
    const std::size_t p0 = partitions.first_of_block(first_block), p1 = partitions.first_of_block(end_block);
    const std::size_t round_parts = p1 - p0;
    // place[k * (round_parts + 1) + (p - p0)]: where piece k's first row of partition p goes; then piece k's
    // own slot past the round's rows, where its rows of other rounds are written (and overwritten).
    std::vector<std::size_t> place(m_pieces * (round_parts + 1));
    first_row.assign(parts + 1, 0);
    std::size_t at = 0;
    for (std::size_t p = p0; p < p1; ++p) {
      first_row[p] = at;
      for (std::size_t k = 0; k < m_pieces; ++k)
        place[k * (round_parts + 1) + p - p0] = at, at += m_count[k * parts + p];
    }
    first_row[p1] = at;
    for (std::size_t k = 0; k < m_pieces; ++k) place[k * (round_parts + 1) + round_parts] = at + k;
    moved.resize(read, at + m_pieces);
    const std::uint32_t* customer = ev.customer.data();
    const double* time = read.time ? ev.time.data() : nullptr;
    regrouped_row* out = moved.row.data();
    double* out_time = moved.time.data();
    std::int32_t* out_dimension = moved.dimension.data();
    // Each partition's line after next is asked for as its row is written: the next line's store then
    // finds it in the cache.
    constexpr std::size_t write_ahead = 2 * cache_line_bytes;
    // Rows measured at a time: few, so that the block's gaps and codes stay in L1 beside the partitions'
    // lines being written.
    constexpr std::size_t move_rows = 64;
    parallel_pieces(threads, ev.size(), m_piece_rows, [&](std::size_t k, std::size_t begin, std::size_t end) {
      const auto b = std::make_unique<encounter_block>();
      std::size_t* next = place.data() + k * (round_parts + 1);
      for (std::size_t first = begin; first < end; first += move_rows) {
        const std::size_t n = std::min(move_rows, end - first);
        measure_gaps(ev, constants, first, n, *b);
        for (std::size_t j = 0; j < n; ++j) {  // no branch: a row of another round goes to the piece's slot
          const std::uint32_t c = customer[first + j];
          const std::size_t p = partitions.of(c) - p0;
          const bool in_round = p < round_parts;
          const std::size_t slot = in_round ? p : round_parts;
          const std::size_t to = next[slot];
          next[slot] += in_round ? 1 : 0;
          prefetch_for_write(out + to, write_ahead);
          out[to] = {.gap = b->gap[j], .customer = c, .touchpoint = b->touchpoint[j]};
          if (time) out_time[to] = time[first + j];
          if (read.dimension) out_dimension[to] = b->dimension[j];
        }
      }
    });
  }

 private:
  [[nodiscard]] std::size_t total_rows(std::size_t p0, std::size_t p1) const noexcept {
    std::size_t rows = 0;
    for (std::size_t k = 0; k < m_pieces; ++k)
      for (std::size_t p = p0; p < p1; ++p) rows += m_count[k * partitions.size() + p];
    return rows;
  }

  std::size_t m_rows, m_piece_rows, m_pieces;
  std::vector<std::size_t> m_count;  ///< [k * partitions + p]: rows of partition p in piece k
};

/// Level two, for one partition at a time: its rows sorted by customer code (stably) into columns that
/// the customer-sorted path reads as events (view()), the gap as the experience.
struct partition_sorter {
  overwritten_array<std::uint32_t> customer;
  overwritten_array<touchpoint_code> touchpoint;
  overwritten_array<double> gap, time;
  overwritten_array<std::int32_t> dimension;

  /// Sorts partition p of `level_one` (its rows, [first_row[p], first_row[p + 1]), hold codes
  /// [first_code(p), first_code(p + 1))).
  void sort(const partitioned_rows& level_one, const read_columns& read, std::size_t p) {
    const std::size_t begin = level_one.first_row[p], end = level_one.first_row[p + 1];
    customer.resize(end - begin);
    touchpoint.resize(end - begin);
    gap.resize(end - begin);
    if (read.time) time.resize(end - begin);
    if (read.dimension) dimension.resize(end - begin);
    if (end - begin <= std::numeric_limits<std::uint32_t>::max())
      sort_with(m_next, level_one, read, p);
    else {  // slots of 32 bits (half the cache) whenever they count the rows
      std::vector<std::size_t> next;
      sort_with(next, level_one, read, p);
    }
  }
  /// The sorted rows as events of `source`'s customers and dimension names: codes rather than bytes, the
  /// gap in place of the experience, no expectation (encounter_constants::for_gaps()).
  [[nodiscard]] event_view view(const event_view& source, const read_columns& read) const {
    return {.customer = customer.span(),
            .touchpoint = code_column<touchpoint_code>(touchpoint.span()),
            .time = read.time ? time.span() : std::span<const double>(),
            .experience = gap.span(),
            .expectation = std::span<const double>(),
            .dimension = read.dimension ? code_column<std::int32_t>(dimension.span()) : code_column<std::int32_t>(),
            .customer_count = source.customer_count,
            .dimension_names = source.dimension_names};
  }

 private:
  template <class Slot>
  void sort_with(std::vector<Slot>& next, const partitioned_rows& level_one, const read_columns& read, std::size_t p) {
    const std::size_t begin = level_one.first_row[p], end = level_one.first_row[p + 1];
    const std::uint32_t base = level_one.partitions.first_code(p);
    const regrouped_row* rows = level_one.moved.row.data();
    next.assign(level_one.partitions.first_code(p + 1) - base, 0);  // per code: its next row's slot
    for (std::size_t r = begin; r < end; ++r) ++next[rows[r].customer - base];
    Slot at = 0;
    for (auto& c : next) at += std::exchange(c, at);
    const double* in_time = level_one.moved.time.data();
    const std::int32_t* in_dimension = level_one.moved.dimension.data();
    for (std::size_t r = begin; r < end; ++r) {
      const regrouped_row row = rows[r];
      const Slot s = next[row.customer - base]++;
      customer.data()[s] = row.customer;
      touchpoint.data()[s] = row.touchpoint;
      gap.data()[s] = row.gap;
      if (read.time) time.data()[s] = in_time[r];
      if (read.dimension) dimension.data()[s] = in_dimension[r];
    }
  }

  std::vector<std::uint32_t> m_next;
};

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
