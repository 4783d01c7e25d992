#pragma once
// `cxscore score` of an events file larger than memory: read a window at a time, parted by customer into
// buckets on disk (events_in_buckets.hpp), each bucket scored by score() and the results merged.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "command_inputs.hpp"
#include "events_in_buckets.hpp"

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

/// Scores `in.events` in buckets of customers (customer code % plan.buckets). Each bucket holds every row of
/// its customers in file order, so a customer's numbers are score()'s on the whole file, bit for bit; the
/// group and brand sums are merged in bucket order. A customer whose encounter weights sum to 0 fails as in
/// memory: with several, the one of the lowest code (first in the file), as score() names.
[[nodiscard]] scored_events score_in_buckets(const input_args& in, const journey_map& map, const model& m, double as_of,
                                             unsigned threads, const bucket_plan& plan);

/// score() of a file's buckets, one at a time, merged into the whole file's result: the per-customer columns by
/// the file's customer codes, the group and brand sums added in bucket order.
class bucket_scores {
 public:
  /// `file` has read its customers file (if any); `as_of`, `threads` and `source` as score() takes them.
  bucket_scores(const events_in_buckets& file, const journey_map& map, const model& m, double as_of, unsigned threads,
                std::string source);
  /// Scores `bucket` and merges its numbers in; a failure that names one customer is kept for finish().
  void add(const events_bucket& bucket);
  /// The merged result; throws the kept failure of the lowest customer code, or a brand without weight.
  [[nodiscard]] score_result finish();

 private:
  /// The first error that names one customer (a customer whose encounter weights sum to 0), kept over the
  /// buckets so that the lowest customer code is named, as score() of the whole file names it.
  struct customer_failure {
    std::uint32_t customer = std::numeric_limits<std::uint32_t>::max();
    std::exception_ptr error;
  };

  const events_in_buckets& m_file;
  const journey_map& m_map;
  const model& m_model;
  double m_as_of;
  unsigned m_threads;
  std::string m_source;
  score_result m_result;
  customer_failure m_failure;
};

}  // namespace cxscore::cli
