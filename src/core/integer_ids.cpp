#include "cxscore/integer_ids.hpp"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <array>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/detail/prefetch.hpp"
#include "cxscore/error.hpp"

namespace cxscore {

namespace {

constexpr std::size_t piece_rows = std::size_t{1} << 20;  // fixed pieces: the same work whatever the threads

/// What one pass over a piece of rows learns: its smallest and largest id, whether its ids never fall, and how
/// many of its rows start a run of equal ids (row 0 starts one).
struct piece_shape {
  std::int64_t lo = std::numeric_limits<std::int64_t>::max();
  std::int64_t hi = std::numeric_limits<std::int64_t>::min();
  bool ascending = true;
  std::uint64_t run_starts = 0;
};

std::size_t piece_count(std::size_t n) { return (n + piece_rows - 1) / piece_rows; }

template <class Work>
void over_pieces(std::size_t n, unsigned threads, Work work) {
  detail::parallel_pieces(threads, n, piece_rows, work);
}

/// Independent chains of shape_of's loop: each min, max and fall test waits only on its own lane's last
/// result instead of the row before's (64-bit min and max do not vectorise on the baseline x86-64 target).
constexpr std::size_t shape_lanes = 4;

/// id - base as a 32-bit code, in unsigned arithmetic: modulo 2^32, so that adding (base - lo) later gives
/// id - lo for any other base.
std::uint32_t offset_code(std::int64_t id, std::uint64_t base) noexcept {
  return static_cast<std::uint32_t>(static_cast<std::uint64_t>(id) - base);
}

/// The shape of rows [begin, end), writing each row's id - `base` to `codes` on the way: the codes of dense ids
/// when `base` turns out to be the smallest id (the first row's, for ids that start at their smallest), so that
/// the ids are read once.
piece_shape shape_of(std::span<const std::int64_t> ids, std::span<std::uint32_t> codes, std::uint64_t base,
                     std::size_t begin, std::size_t end) noexcept {
  piece_shape s;
  if (begin == end) return s;
  std::array<std::int64_t, shape_lanes> lo{}, hi{};
  std::array<unsigned, shape_lanes> falls{};
  std::array<std::uint64_t, shape_lanes> changes{};
  lo.fill(ids[begin]);
  hi.fill(ids[begin]);
  codes[begin] = offset_code(ids[begin], base);
  std::size_t i = begin + 1;
  for (; i + shape_lanes <= end; i += shape_lanes)
    for (std::size_t l = 0; l < shape_lanes; ++l) {
      const std::int64_t x = ids[i + l];
      lo[l] = std::min(lo[l], x);
      hi[l] = std::max(hi[l], x);
      falls[l] |= x < ids[i + l - 1] ? 1u : 0u;
      changes[l] += x != ids[i + l - 1] ? 1u : 0u;
      codes[i + l] = offset_code(x, base);
    }
  for (; i < end; ++i) {
    lo[0] = std::min(lo[0], ids[i]);
    hi[0] = std::max(hi[0], ids[i]);
    falls[0] |= ids[i] < ids[i - 1] ? 1u : 0u;
    changes[0] += ids[i] != ids[i - 1] ? 1u : 0u;
    codes[i] = offset_code(ids[i], base);
  }
  unsigned fell = 0;
  for (std::size_t l = 0; l < shape_lanes; ++l) {
    s.lo = std::min(s.lo, lo[l]);
    s.hi = std::max(s.hi, hi[l]);
    fell |= falls[l];
    s.run_starts += changes[l];
  }
  s.ascending = fell == 0;
  s.run_starts += begin == 0 || ids[begin] != ids[begin - 1] ? 1u : 0u;
  return s;
}

/// Codes by runs of ids that come sorted: row i's code is the number of changes of id before it; `runs`: the run
/// starts of each piece (shape_of's).
void encode_sorted(std::span<const std::int64_t> ids, std::span<std::uint32_t> codes, unsigned threads,
                   const std::vector<std::uint64_t>& runs, integer_id_labels& out) {
  const std::size_t n = ids.size();
  auto starts_run = [&](std::size_t i) { return i == 0 || ids[i] != ids[i - 1]; };
  std::vector<std::uint64_t> runs_before(runs.size(), 0);
  std::exclusive_scan(runs.begin(), runs.end(), runs_before.begin(), std::uint64_t{0});
  out.code_count = runs_before.back() + runs.back();
  out.ids.resize(out.code_count);
  over_pieces(n, threads, [&](std::size_t k, std::size_t begin, std::size_t end) {
    std::uint64_t seen = runs_before[k];
    for (std::size_t i = begin; i < end; ++i) {
      if (starts_run(i)) out.ids[seen++] = ids[i];
      codes[i] = static_cast<std::uint32_t>(seen - 1);
    }
  });
}

/// Codes through a hash table (in order of first appearance), then renumbered by a sort of the distinct ids.
void encode_unsorted(std::span<const std::int64_t> ids, std::span<std::uint32_t> codes, unsigned threads,
                     integer_id_labels& out) {
  const std::size_t n = ids.size();
  absl::flat_hash_map<std::int64_t, std::uint32_t> first_code;
  constexpr std::size_t ahead = detail::lookups_in_flight;
  for (std::size_t i = 0; i < n; ++i) {
    if (i + ahead < n) first_code.prefetch(ids[i + ahead]);
    const auto [it, inserted] = first_code.try_emplace(ids[i], static_cast<std::uint32_t>(out.ids.size()));
    if (inserted) out.ids.push_back(ids[i]);
    codes[i] = it->second;
  }
  std::vector<std::pair<std::int64_t, std::uint32_t>> by_id(out.ids.size());  // (id, first-appearance code)
  for (std::uint32_t c = 0; c < by_id.size(); ++c) by_id[c] = {out.ids[c], c};
  std::sort(by_id.begin(), by_id.end());
  std::vector<std::uint32_t> rank(by_id.size());
  for (std::uint32_t r = 0; r < by_id.size(); ++r) {
    rank[by_id[r].second] = r;
    out.ids[r] = by_id[r].first;
  }
  out.code_count = out.ids.size();
  over_pieces(n, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) codes[i] = rank[codes[i]];
  });
}

}  // namespace

integer_id_labels encode_integer_ids(std::span<const std::int64_t> ids, std::span<std::uint32_t> codes,
                                     unsigned threads) {
  if (codes.size() != ids.size()) throw std::invalid_argument("encode_integer_ids: codes and ids differ in length");
  const std::size_t n = ids.size();
  constexpr std::uint64_t most_codes = std::numeric_limits<std::uint32_t>::max();
  if (n > most_codes)
    detail::fail({"<ids>", 0, "customer", std::to_string(n)}, "more rows than 32-bit customer codes can number");
  integer_id_labels out;
  if (n == 0) return out;
  std::vector<piece_shape> shapes(piece_count(n));
  const auto base = static_cast<std::uint64_t>(ids[0]);
  over_pieces(n, threads, [&](std::size_t k, std::size_t begin, std::size_t end) {
    shapes[k] = shape_of(ids, codes, base, begin, end);
  });
  piece_shape all;
  std::vector<std::uint64_t> runs(shapes.size());
  for (std::size_t k = 0; k < shapes.size(); ++k) {
    all.lo = std::min(all.lo, shapes[k].lo);
    all.hi = std::max(all.hi, shapes[k].hi);
    all.ascending &= shapes[k].ascending && (k == 0 || ids[k * piece_rows - 1] <= ids[k * piece_rows]);
    runs[k] = shapes[k].run_starts;
  }
  // The span in unsigned arithmetic: ids from INT64_MIN to INT64_MAX do not overflow it.
  const std::uint64_t span = static_cast<std::uint64_t>(all.hi) - static_cast<std::uint64_t>(all.lo);
  if (span < 2 * static_cast<std::uint64_t>(n) + 1024 && span < most_codes) {
    out.first_id = all.lo;
    out.code_count = span + 1;
    // The codes hold id - base modulo 2^32; id - lo = (id - base) + (base - lo), below 2^32 within the span.
    const auto shift = static_cast<std::uint32_t>(base - static_cast<std::uint64_t>(all.lo));
    if (shift != 0)
      over_pieces(n, threads, [&](std::size_t, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) codes[i] += shift;
      });
  } else if (all.ascending) {
    encode_sorted(ids, codes, threads, runs, out);
  } else {
    encode_unsorted(ids, codes, threads, out);
  }
  return out;
}

}  // namespace cxscore
