#include "score_in_buckets.hpp"

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <limits>

#include "cxscore/journeys/operational_experience.hpp"
#include "internal/cell_text.hpp"
#include "internal/event_buckets.hpp"
#include "internal/events_windows.hpp"
#include "progress_line.hpp"

namespace cxscore::cli {

namespace {

/// The customer table of bucket `b` of `count`: the rows of customer codes b, b + count, ...; its segment codes
/// are the whole table's, so that the buckets' segment summaries merge by code.
customer_table bucket_customers(const customer_table& whole, std::size_t b, std::size_t count) {
  customer_table part;
  part.segments = whole.segments;
  for (std::size_t c = b; c < whole.size(); c += count) {
    part.weight.push_back(whole.weight[c]);
    part.segment.push_back(whole.segment[c]);
  }
  return part;
}

/// Gives the memory freed so far back to the system: the reading threads' and the last bucket's blocks would
/// otherwise stay with the allocator (glibc keeps an arena per thread), and count in the process's memory while
/// the next bucket is scored.
void return_freed_memory() noexcept {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

/// The customers of bucket `b` of `count` when the file has `customers` of them: b, b + count, ...
std::size_t customers_in_bucket(std::size_t b, std::size_t count, std::size_t customers) {
  return customers > b ? (customers - b + count - 1) / count : 0;
}

/// The first error that names one customer (a customer whose encounter weights sum to 0), kept over the buckets
/// so that the lowest customer code is named, as score() of the whole file names it.
struct customer_failure {
  std::uint32_t customer = std::numeric_limits<std::uint32_t>::max();
  std::exception_ptr error;
};

/// How `cxscore score` reads the events: nothing after the as-of time, when there is one; progress on `line`.
csv_read_options read_options(const input_args& in, double as_of, progress_line& line) {
  csv_read_options options =
      events_read_options(in, std::isnan(as_of) ? std::numeric_limits<double>::infinity() : as_of);
  options.progress = line.reader();
  return options;
}

/// Reads the customers file (if any) against the events' customers; the bad rows are the events' then its own.
void read_customers(scored_events& out, const input_args& in, std::vector<rejected_row> events_rejected) {
  if (!in.customers.empty()) out.customers = read_customers_csv(in.customers, out.events.customers, in.lenient);
  out.rejected = std::move(events_rejected);
  if (out.customers)
    out.rejected.insert(out.rejected.end(), out.customers->rejected.begin(), out.customers->rejected.end());
}

}  // namespace

scored_events score_in_buckets(const input_args& in, const journey_map& map, const model& m, double as_of,
                               unsigned threads, const bucket_plan& plan) {
  scored_events out;
  const std::size_t count = std::max<std::size_t>(plan.buckets, 1);
  detail::event_buckets buckets(count);
  progress_line progress(in.progress, in.events);
  events_read_result read = detail::read_events_csv_in_windows(
      in.events, map, read_options(in, as_of, progress), plan.window_bytes,
      [&](const event_table& rows, const detail::event_columns& columns) { buckets.append(rows, columns); });
  out.events.customers = std::move(read.events.customers);
  const dictionary dimensions = std::move(read.events.dimensions);
  read.events = {};  // the last window's columns
  buckets.finish_appending();
  return_freed_memory();
  const dictionary& labels = out.events.customers;
  const std::size_t customers = labels.size();
  read_customers(out, in, std::move(read.rejected));
  require_events(buckets.rows(), in.events);

  score_result& r = out.result;
  r.lambda = m.lambda;
  r.customer_score.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_journey_score.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_index.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_events.assign(customers, 0);
  r.touchpoints.resize(map.size());
  r.segments.resize(out.customers ? out.customers->customers.segments.size() : 1);
  const std::vector<std::size_t>& first_rows = read.first_rows;
  customer_failure failure;
  const bool measured = has_operational_measures(map);
  for (std::size_t b = 0; b < count; ++b) {
    progress.bucket(b + 1, count);
    event_table bucket = buckets.load(b);
    if (bucket.size() == 0) continue;
    const auto code_in_file = [&](std::uint32_t local) { return static_cast<std::uint32_t>(local * count + b); };
    const std::size_t bucket_customers_count = customers_in_bucket(b, count, customers);
    // measure_events orders each journey by the customer dictionary's size: it gets the bucket's labels.
    if (measured) {
      bucket.customers.reserve(bucket_customers_count);
      for (std::size_t local = 0; local < bucket_customers_count; ++local)
        (void)bucket.customers.encode(labels[code_in_file(static_cast<std::uint32_t>(local))]);
    }
    // Dimension codes are the file's: the model weighs dimensions by their labels.
    bucket.dimensions = dimensions;
    measure_events(bucket, map);
    event_view rows = bucket.view();
    rows.customer_count = bucket_customers_count;
    std::optional<customer_table> part_customers;
    if (out.customers) part_customers = bucket_customers(out.customers->customers, b, count);
    std::optional<std::uint32_t> named;  // the customer a failure of this bucket names
    score_result part;
    try {
      part = score(rows, map, m,
                   {.customers = part_customers ? &*part_customers : nullptr,
                    .customer_label = [&](std::uint32_t c) { return labels[*(named = code_in_file(c))]; },
                    .customer_row = [&](std::uint32_t c) { return first_rows[*(named = code_in_file(c))]; },
                    .source = in.events,
                    .as_of = as_of,
                    .threads = threads,
                    .part_of_brand = true});
    } catch (const input_error&) {
      if (!named) throw;  // not about one customer: the whole file fails the same way
      if (*named < failure.customer) failure = {*named, std::current_exception()};
      continue;
    }
    for (std::size_t local = 0; local < part.customer_score.size(); ++local) {
      const std::uint32_t c = code_in_file(static_cast<std::uint32_t>(local));
      r.customer_score[c] = part.customer_score[local];
      r.customer_journey_score[c] = part.customer_journey_score[local];
      r.customer_index[c] = part.customer_index[local];
      r.customer_events[c] = part.customer_events[local];
    }
    for (std::size_t t = 0; t < r.touchpoints.size(); ++t) r.touchpoints[t].merge(part.touchpoints[t]);
    for (std::size_t g = 0; g < r.segments.size(); ++g) r.segments[g].merge(part.segments[g]);
    r.brand.merge(part.brand);
    part = {};
    bucket = {};
    return_freed_memory();
  }
  progress.finish();
  if (failure.error) std::rethrow_exception(failure.error);
  check_brand_weight(r, in.events);
  return out;
}

scored_events score_in_memory(const input_args& in, const journey_map& map, const model& m, double as_of,
                              unsigned threads) {
  scored_events out;
  progress_line progress(in.progress, in.events);
  events_read_result read = read_events_csv(in.events, map, read_options(in, as_of, progress));
  progress.finish();
  out.events = std::move(read.events);
  read_customers(out, in, std::move(read.rejected));
  out.result = score_events(out.events, map, m,
                            {.customers = out.customers ? &out.customers->customers : nullptr,
                             .source = in.events,
                             .as_of = as_of,
                             .threads = threads,
                             .first_rows = &read.first_rows});
  return out;
}

std::optional<bucket_plan> plan_buckets(const std::string& events, std::size_t buckets, std::size_t window_bytes) {
  bucket_plan plan;
  if (window_bytes > 0) plan.window_bytes = window_bytes;
  if (detail::is_gzip_file(events)) {
    if (buckets > 0)
      detail::fail({events, 0, "", ""},
                   "a gzip-compressed events file is decompressed whole into memory, so --buckets cannot bound the "
                   "memory: decompress it first, or leave --buckets out");
    return std::nullopt;
  }
  if (buckets > 0) {
    plan.buckets = buckets;
    return plan;
  }
  std::error_code unknown;
  const std::uintmax_t bytes = std::filesystem::file_size(events, unknown);
  const long pages = ::sysconf(_SC_PHYS_PAGES), page_bytes = ::sysconf(_SC_PAGE_SIZE);
  if (unknown || pages <= 0 || page_bytes <= 0) return std::nullopt;
  // In memory a file takes about 1.2 times its size (bench/README.md): under an eighth of the memory leaves
  // room for what else runs.
  const std::uintmax_t memory = static_cast<std::uintmax_t>(pages) * static_cast<std::uintmax_t>(page_bytes);
  if (bytes < memory / 8) return std::nullopt;
  // A row of the events CSV takes about 50 bytes: a bucket of 4 million rows is about 200 MB of text, and takes
  // about 300 MB to score beside the customers' own memory (bench/README.md).
  constexpr std::uintmax_t bucket_text_bytes = std::uintmax_t{4'000'000} * 50;
  constexpr std::uintmax_t most_buckets = 512;  // a file each, open at once
  plan.buckets = static_cast<std::size_t>(std::min(most_buckets, (bytes + bucket_text_bytes - 1) / bucket_text_bytes));
  return plan;
}

}  // namespace cxscore::cli
