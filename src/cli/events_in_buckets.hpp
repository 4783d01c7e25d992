#pragma once
// An events file larger than memory, for the commands that analyse customers apart (score, service, owners,
// monitor): read a window at a time, parted by customer code into buckets on disk (event_buckets.hpp), then
// handed over a bucket at a time, each holding every row of its customers in file order. What a bucket's
// analysis makes is merged by the command, in bucket order.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "command_inputs.hpp"
#include "cxscore/dictionary.hpp"
#include "internal/event_buckets.hpp"
#include "progress_line.hpp"

namespace cxscore::cli {

/// How the file is read and parted.
struct bucket_plan {
  std::size_t buckets = 1;
  std::size_t window_bytes = std::size_t{64} << 20;
};

/// The plan for a command's `--buckets` (0: automatic) and `--window-bytes` (0: the default): nullopt =
/// read the file whole, which automatic mode chooses for a file under an eighth of the physical memory and for
/// a gzip-compressed file (it can only be decompressed whole); else buckets of about 4 million rows. Throws
/// input_error for `--buckets` on a gzip-compressed file.
[[nodiscard]] std::optional<bucket_plan> plan_buckets(const std::string& events, const bucket_args& args);

/// The customers of bucket `b` of `count` when the file has `customers` of them: those of codes b, b + count, ...
[[nodiscard]] inline std::size_t customers_in_bucket(std::size_t b, std::size_t count, std::size_t customers) noexcept {
  return customers > b ? (customers - b + count - 1) / count : 0;
}

/// One bucket of `count`: the customers of codes index, index + count, ... in the file, local code c / count.
struct events_bucket {
  std::size_t index = 0, count = 1;
  /// Its rows, measured (operational_experience.hpp), with local customer codes and the file's dimension codes;
  /// its customer dictionary holds its labels when the map measures touchpoints from the log, else none.
  event_table events;
  std::size_t customers = 0;  ///< its customers: those of the file's codes index, index + count, ...

  /// The file's code of local customer `local`.
  [[nodiscard]] std::uint32_t code_in_file(std::uint32_t local) const noexcept {
    return static_cast<std::uint32_t>(local * count + index);
  }
  /// The rows as score() and the other analyses read them: every customer of the bucket counted.
  [[nodiscard]] event_view view() const {
    event_view v = events.view();
    v.customer_count = customers;
    return v;
  }
  /// The rows of `whole` (by the file's customer codes) of this bucket's customers; the segment codes are the
  /// whole table's, so that the buckets' segment summaries merge by code.
  [[nodiscard]] customer_table customers_of(const customer_table& whole) const;
};

/// An events file read and parted into buckets (`args.events`, strict or lenient as `args` says), with what
/// belongs to the whole file: the customer and dimension dictionaries, each customer's first row, the bad rows
/// (events' then customers') and the customers file (read_customer_file), read against the events' customers.
class events_in_buckets {
 public:
  /// Reads and parts the file; `options` are the events' read options, their progress shown on `progress`.
  /// Throws input_error as reading the whole file would (strict mode: its first bad row).
  events_in_buckets(const input_args& args, const journey_map& map, csv_read_options options, const bucket_plan& plan,
                    progress_line& progress);

  /// Reads `args.customers` (if given) against the events' customers, as reading the whole file does; its bad
  /// rows follow the events' in rejected().
  void read_customer_file(const input_args& args);

  /// Calls `analyse` with each bucket that has rows, in bucket order, then lets it go; progress shows which.
  void each_bucket(const std::function<void(const events_bucket&)>& analyse);

  [[nodiscard]] std::size_t rows() const noexcept { return m_buckets.rows(); }
  [[nodiscard]] std::size_t bucket_count() const noexcept { return m_buckets.count(); }
  /// The file's customer labels by code (first appearance), and its first rows by code.
  [[nodiscard]] const dictionary& customers() const noexcept { return m_customers; }
  [[nodiscard]] const std::vector<std::size_t>& first_rows() const noexcept { return m_first_rows; }
  [[nodiscard]] const std::optional<customers_read_result>& customer_file() const noexcept { return m_customer_file; }
  [[nodiscard]] const customer_table* customer_weights() const noexcept {
    return m_customer_file ? &m_customer_file->customers : nullptr;
  }
  /// The events' bad rows then the customers file's (lenient mode; strict: none).
  [[nodiscard]] const std::vector<rejected_row>& rejected() const noexcept { return m_rejected; }
  /// Moves the customer dictionary out (for a table naming customers); customers() is empty after.
  [[nodiscard]] dictionary take_customers() noexcept { return std::move(m_customers); }

 private:
  const journey_map& m_map;
  progress_line& m_progress;
  detail::event_buckets m_buckets;
  dictionary m_customers, m_dimensions;
  std::vector<std::size_t> m_first_rows;
  std::optional<customers_read_result> m_customer_file;
  std::vector<rejected_row> m_rejected;
};

/// What load_inputs reads, with the events parted into buckets rather than read whole: the map and the model
/// (checked against the map before the events), the events file in buckets, refused without events, and the
/// customers file; the same errors, in the same order.
class inputs_in_buckets {
 public:
  inputs_in_buckets(const input_args& args, const bucket_plan& plan);

  journey_map map;
  cxscore::model model;

  [[nodiscard]] events_in_buckets& file() noexcept { return m_file; }
  [[nodiscard]] const customer_table* customer_weights() const noexcept { return m_file.customer_weights(); }
  /// The bad rows in lenient mode; null in strict mode (as loaded_inputs::rejected_rows).
  [[nodiscard]] const std::vector<rejected_row>* rejected_rows() const noexcept {
    return m_lenient ? &m_file.rejected() : nullptr;
  }

 private:
  bool m_lenient;
  progress_line m_progress;
  events_in_buckets m_file;
};

/// Adds a bucket's mergeable summary to those of the buckets before it (the first is taken as it is).
template <class Summary>
void merge_into(std::optional<Summary>& merged, Summary piece) {
  if (merged)
    merged->merge(piece);
  else
    merged = std::move(piece);
}

/// Calls `visit(b, rows)` with each bucket `b` of `buckets` that has rows, in bucket order, its rows loaded from
/// disk (local customer codes, no dictionaries); shows on `progress` which bucket is analysed, and gives the
/// memory of each back before the next is loaded.
void for_each_loaded_bucket(detail::event_buckets& buckets, progress_line& progress,
                            const std::function<void(std::size_t b, event_table&& rows)>& visit);

/// Gives the memory freed so far back to the system: the reading threads' and the last bucket's blocks would
/// otherwise stay with the allocator (glibc keeps an arena per thread), and count in the process's memory while
/// the next bucket is analysed.
void return_freed_memory() noexcept;

}  // namespace cxscore::cli
