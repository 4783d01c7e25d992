#pragma once
/// The general path of score(): rows in any order regrouped by customer with a stable two-level
/// counting sort, so that the customer-sorted path can score them.
///
/// - **Level one** cuts the customer codes into partitions (pieces of the kernel's blocks of codes, each
///   of at most 2^chunk_bits codes, about `rows_per_partition` rows) and moves the columns score() reads
///   into one range per partition, in input order. Pieces of rows are counted and moved on every core;
///   each piece's place in each range is fixed by the counts before it, so the copy is the same for any
///   thread count. Only as many write streams as partitions, so the moves stream through the caches.
///   Large inputs are moved in rounds of whole blocks, balanced to about half the rows each (a round's
///   rows are scored before the next round is moved), so the copy holds about half the rows. Each round
///   reads every column again, so there are no more rounds than that bound needs.
/// - **Level two** sorts one partition at a time by code, in cache, into a scratch copy.
///
/// Both levels are stable: each customer's rows keep input order, so the sorted path adds every sum in
/// the order that the stably customer-sorted input gives, with the same bits. The price is one copy of
/// the columns the model reads (customer, touchpoint and experience; expectation, dimension and time
/// where the model reads them), where the sorted path needs none.
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
#include "cxscore/detail/huge_page_memory.hpp"
#include "cxscore/detail/kernel_target.hpp"
#include "cxscore/detail/parallel_blocks.hpp"
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

/// A code column's copy, kept the way the source stores it (bytes through the source's table, or codes).
template <class Code>
struct code_column_copy {
  overwritten_array<std::uint8_t> bytes;
  overwritten_array<Code> codes;

  void resize_like(const code_column<Code>& source, std::size_t n) {
    if (source.is_bytes())
      bytes.resize(n);
    else
      codes.resize(n);
  }
  [[nodiscard]] code_column<Code> view(const code_column<Code>& source) const {
    return source.is_bytes() ? code_column<Code>::of_bytes(bytes.span(), source.byte_table())
                             : code_column<Code>(codes.span());
  }
};

/// Owned copies of the columns score() reads, for rows a regrouping has moved.
struct moved_columns {
  overwritten_array<std::uint32_t> customer;
  code_column_copy<touchpoint_code> touchpoint;
  code_column_copy<std::int32_t> dimension;
  overwritten_array<double> time, experience, expectation;

  void resize_like(const event_view& ev, const read_columns& read, std::size_t n) {
    customer.resize(n);
    touchpoint.resize_like(ev.touchpoint, n);
    if (read.dimension) dimension.resize_like(ev.dimension, n);
    if (read.time) time.resize(n);
    experience.resize(n);
    if (read.expectation) expectation.resize(n);
  }
  /// Calls move(in, out) for each column read: `in` the column of `from`, `out` this copy's, both as the
  /// source stores it (bytes or codes). A column at a time, so each pass writes only one stream per
  /// destination range.
  template <class Move>
  void move_columns(const event_view& from, const read_columns& read, Move&& move) noexcept {
    move(from.customer.data(), customer.data());
    if (from.touchpoint.is_bytes())
      move(from.touchpoint.bytes(), touchpoint.bytes.data());
    else
      move(from.touchpoint.codes(), touchpoint.codes.data());
    move(from.experience.data(), experience.data());
    if (read.time) move(from.time.data(), time.data());
    if (read.expectation) move(from.expectation.data(), expectation.data());
    if (read.dimension) {
      if (from.dimension.is_bytes())
        move(from.dimension.bytes(), dimension.bytes.data());
      else
        move(from.dimension.codes(), dimension.codes.data());
    }
  }
  /// The copy as events, with `source`'s code tables and names.
  [[nodiscard]] event_view view(const event_view& source, const read_columns& read) const {
    return {.customer = customer.span(),
            .touchpoint = touchpoint.view(source.touchpoint),
            .time = read.time ? time.span() : std::span<const double>(),
            .experience = experience.span(),
            .expectation = read.expectation ? expectation.span() : std::span<const double>(),
            .dimension = read.dimension ? dimension.view(source.dimension) : code_column<std::int32_t>(),
            .customer_count = source.customer_count,
            .dimension_names = source.dimension_names};
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

/// Level one: the rows' read columns moved into one range per partition, in input order, a round of
/// kernel blocks at a time, so that the copy holds about half the rows rather than all of them.
class partitioned_rows {
 public:
  customer_partitions partitions;
  std::vector<std::size_t> first_row;  ///< of each partition of the round in `columns`, then the round's end
  moved_columns columns;

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

  /// The rows a round holds at most (unless it is one block): half of them, or 2^20 if that is more.
  [[nodiscard]] std::size_t round_rows() const noexcept { return std::max((m_rows + 1) / 2, std::size_t{1} << 20); }

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

  /// Moves the rows of blocks [first_block, end_block) into `columns`.
  void move_round(const event_view& ev, const read_columns& read, std::size_t first_block, std::size_t end_block,
                  unsigned threads) {
    const std::size_t parts = partitions.size();
    const std::size_t p0 = partitions.first_of_block(first_block), p1 = partitions.first_of_block(end_block);
    const std::size_t round_parts = p1 - p0;
    // place[k * round_parts + (p - p0)]: where piece k's first row of partition p goes.
    std::vector<std::size_t> place(m_pieces * round_parts);
    first_row.assign(parts + 1, 0);
    std::size_t at = 0;
    for (std::size_t p = p0; p < p1; ++p) {
      first_row[p] = at;
      for (std::size_t k = 0; k < m_pieces; ++k) place[k * round_parts + p - p0] = at, at += m_count[k * parts + p];
    }
    first_row[p1] = at;
    columns.resize_like(ev, read, at);
    const std::uint32_t* customer = ev.customer.data();
    parallel_pieces(threads, ev.size(), m_piece_rows, [&](std::size_t k, std::size_t begin, std::size_t end) {
      // The piece's rows of the round, in input order: each one's place in the piece and partition (less
      // p0), found once for every column, in 32 bits so that every column's pass rereads them from cache
      // (a piece holds fewer than 2^32 rows below 2^40 rows; codes, and so partitions, are 32 bits).
      // Every entry up to m is written before it is read.
      overwritten_array<std::uint32_t> row, part;
      row.resize(end - begin);
      part.resize(end - begin);
      std::uint32_t* rows = row.data();
      std::uint32_t* parts_of = part.data();
      std::size_t m = 0;
      for (std::size_t r = begin; r < end; ++r) {  // no branch: a row of another round is overwritten
        const std::size_t p = partitions.of(customer[r]) - p0;
        rows[m] = static_cast<std::uint32_t>(r - begin);
        parts_of[m] = static_cast<std::uint32_t>(p);
        m += p < round_parts ? 1 : 0;
      }
      const std::size_t* first = place.data() + k * round_parts;
      std::vector<std::size_t> next(round_parts);
      columns.move_columns(ev, read, [&](const auto* in, auto* out) {
        std::copy(first, first + round_parts, next.data());
        const auto* piece = in + begin;
        for (std::size_t j = 0; j < m; ++j) out[next[parts_of[j]]++] = piece[rows[j]];
      });
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

/// Level two, for one partition at a time: its rows sorted by customer code (stably) into `sorted`.
struct partition_sorter {
  moved_columns sorted;

  /// Sorts partition p of `level_one` (its rows, [first_row[p], first_row[p + 1]), hold codes
  /// [first_code(p), first_code(p + 1))).
  void sort(const partitioned_rows& level_one, const event_view& source, const read_columns& read, std::size_t p) {
    const std::size_t rows = level_one.first_row[p + 1] - level_one.first_row[p];
    sorted.resize_like(source, read, rows);
    if (rows <= std::numeric_limits<std::uint32_t>::max())
      sort_with(m_next, m_slot, level_one, source, read, p);
    else {  // slots of 32 bits (half the cache) whenever they count the rows
      std::vector<std::size_t> next, slot;
      sort_with(next, slot, level_one, source, read, p);
    }
  }

 private:
  template <class Slot>
  void sort_with(std::vector<Slot>& next, std::vector<Slot>& slot, const partitioned_rows& level_one,
                 const event_view& source, const read_columns& read, std::size_t p) {
    const std::size_t begin = level_one.first_row[p], end = level_one.first_row[p + 1];
    const std::uint32_t base = level_one.partitions.first_code(p);
    const std::uint32_t* customer = level_one.columns.customer.data();
    next.assign(level_one.partitions.first_code(p + 1) - base, 0);  // per code: its next row's slot
    for (std::size_t r = begin; r < end; ++r) ++next[customer[r] - base];
    Slot at = 0;
    for (auto& c : next) at += std::exchange(c, at);
    slot.resize(end - begin);
    for (std::size_t r = begin; r < end; ++r) slot[r - begin] = next[customer[r] - base]++;
    const Slot* slots = slot.data();
    sorted.move_columns(level_one.columns.view(source, read), read, [&](const auto* in, auto* out) {
      const auto* rows = in + begin;
      for (std::size_t j = 0; j < end - begin; ++j) out[slots[j]] = rows[j];
    });
  }

  std::vector<std::uint32_t> m_next, m_slot;
};

}  // namespace cxscore::detail::inline CXSCORE_KERNEL_NAMESPACE
