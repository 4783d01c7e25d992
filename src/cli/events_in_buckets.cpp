#include "events_in_buckets.hpp"

#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <algorithm>
#include <filesystem>

#include "cxscore/io/json.hpp"
#include "cxscore/journeys/operational_experience.hpp"
#include "internal/cell_text.hpp"
#include "internal/events_windows.hpp"

namespace cxscore::cli {

void return_freed_memory() noexcept {
#if defined(__GLIBC__)
  ::malloc_trim(0);
#endif
}

customer_table events_bucket::customers_of(const customer_table& whole) const {
  customer_table part;
  part.segments = whole.segments;
  for (std::size_t c = index; c < whole.size(); c += count) {
    part.weight.push_back(whole.weight[c]);
    part.segment.push_back(whole.segment[c]);
  }
  return part;
}

events_in_buckets::events_in_buckets(const input_args& args, const journey_map& map, csv_read_options options,
                                     const bucket_plan& plan, progress_line& progress)
    : m_map(map), m_progress(progress), m_buckets(std::max<std::size_t>(plan.buckets, 1)) {
  options.progress = progress.reader();
  events_read_result read = detail::read_events_csv_in_windows(
      args.events, map, options, plan.window_bytes,
      [&](const event_table& rows, const detail::event_columns& columns) { m_buckets.append(rows, columns); });
  m_customers = std::move(read.events.customers);
  m_dimensions = std::move(read.events.dimensions);
  m_first_rows = std::move(read.first_rows);
  m_rejected = std::move(read.rejected);
  read.events = {};  // the last window's columns
  m_buckets.finish_appending();
  return_freed_memory();
}

void events_in_buckets::read_customer_file(const input_args& args) {
  if (args.customers.empty()) return;
  m_customer_file = read_customers_csv(args.customers, m_customers, args.lenient);
  m_rejected.insert(m_rejected.end(), m_customer_file->rejected.begin(), m_customer_file->rejected.end());
}

void events_in_buckets::each_bucket(const std::function<void(const events_bucket&)>& analyse) {
  const std::size_t count = m_buckets.count(), file_customers = m_customers.size();
  const bool measured = has_operational_measures(m_map);
  for_each_loaded_bucket(m_buckets, m_progress, [&](std::size_t b, event_table&& rows) {
    events_bucket bucket{.index = b,
                         .count = count,
                         .events = std::move(rows),
                         .customers = customers_in_bucket(b, count, file_customers)};
    // measure_events orders each journey by the customer dictionary's size: it gets the bucket's labels.
    if (measured) {
      bucket.events.customers.reserve(bucket.customers);
      for (std::size_t local = 0; local < bucket.customers; ++local)
        (void)bucket.events.customers.encode(m_customers[bucket.code_in_file(static_cast<std::uint32_t>(local))]);
    }
    // Dimension codes are the file's: the model weighs dimensions by their labels.
    bucket.events.dimensions = m_dimensions;
    measure_events(bucket.events, m_map);
    analyse(bucket);
  });
}

void for_each_loaded_bucket(detail::event_buckets& buckets, progress_line& progress,
                            const std::function<void(std::size_t b, event_table&& rows)>& visit) {
  const std::size_t count = buckets.count();
  for (std::size_t b = 0; b < count; ++b) {
    progress.bucket(b + 1, count);
    event_table rows = buckets.load(b);
    if (rows.size() == 0) continue;
    visit(b, std::move(rows));
    return_freed_memory();
  }
  progress.finish();
}

namespace {

/// The model of `args`, its weights checked against `map` before the events are read (as load_inputs does).
model checked_model(const input_args& args, const journey_map& map) {
  model m = load_model(args.model);
  (void)m.touchpoint_weights(map, args.model);
  return m;
}

}  // namespace

inputs_in_buckets::inputs_in_buckets(const input_args& args, const bucket_plan& plan)
    : map(read_map_json(args.map)),
      model(checked_model(args, map)),
      m_lenient(args.lenient),
      m_progress(args.progress, args.events),
      m_file(args, map, events_read_options(args), plan, m_progress) {
  if (m_file.rows() == 0) detail::fail({args.events, 0, "", ""}, "no events to analyse");
  m_file.read_customer_file(args);
}

std::optional<bucket_plan> plan_buckets(const std::string& events, const bucket_args& args) {
  const std::size_t buckets = args.buckets, window_bytes = args.window_bytes;
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
