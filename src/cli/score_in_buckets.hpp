#pragma once
// `cxscore score` of an events file larger than memory: read a window at a time, parted by customer into
// buckets on disk, each bucket scored by score() and the results merged.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "command_inputs.hpp"

namespace cxscore::cli {

/// What `cxscore score` writes, scored in memory or in buckets.
struct scored_events {
  score_result result;  ///< per-customer columns by the file's customer codes
  event_table events;   ///< the file's customer dictionary, which names customers in the output (in buckets: no rows)
  std::optional<customers_read_result> customers;
  std::vector<rejected_row> rejected;  ///< the events' and then the customers' bad rows (lenient mode)
};

/// Reads the whole file, then scores it.
[[nodiscard]] scored_events score_in_memory(const input_args& in, const journey_map& map, const model& m, double as_of,
                                            unsigned threads);

/// How the file is read and parted.
struct bucket_plan {
  std::size_t buckets = 1;
  std::size_t window_bytes = std::size_t{64} << 20;
};

/// Scores `in.events` in buckets of customers (customer code % plan.buckets). Each bucket holds every row of
/// its customers in file order, so a customer's numbers are score()'s on the whole file, bit for bit; the
/// group and brand sums are merged in bucket order. A customer whose encounter weights sum to 0 fails as in
/// memory: with several, the one of the lowest code (first in the file), as score() names.
[[nodiscard]] scored_events score_in_buckets(const input_args& in, const journey_map& map, const model& m, double as_of,
                                             unsigned threads, const bucket_plan& plan);

/// The plan for `cxscore score` with `--buckets` (0: automatic) and `--window-bytes` (0: the default):
/// nullopt = score in memory, which automatic mode chooses for a file under an eighth of the physical memory
/// and for a gzip-compressed file (it can only be decompressed whole); else buckets of about 4 million rows.
/// Throws input_error for `--buckets` on a gzip-compressed file.
[[nodiscard]] std::optional<bucket_plan> plan_buckets(const std::string& events, std::size_t buckets,
                                                      std::size_t window_bytes);

}  // namespace cxscore::cli
