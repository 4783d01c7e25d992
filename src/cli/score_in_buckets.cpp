#include "score_in_buckets.hpp"

#include <cmath>
#include <exception>
#include <limits>

#include "progress_line.hpp"

namespace cxscore::cli {

namespace {

/// How `cxscore score` reads the events: nothing after the as-of time, when there is one.
csv_read_options read_options(const input_args& in, double as_of) {
  return events_read_options(in, std::isnan(as_of) ? std::numeric_limits<double>::infinity() : as_of);
}

/// Reads the customers file (if any) against the events' customers; the bad rows are the events' then its own.
void read_customers(scored_events& out, const input_args& in, std::vector<rejected_row> events_rejected) {
  if (!in.customers.empty()) out.customers = read_customers_csv(in.customers, out.events.customers, in.lenient);
  out.rejected = std::move(events_rejected);
  if (out.customers)
    out.rejected.insert(out.rejected.end(), out.customers->rejected.begin(), out.customers->rejected.end());
}

}  // namespace

bucket_scores::bucket_scores(const events_in_buckets& file, const journey_map& map, const model& m, double as_of,
                             unsigned threads, std::string source)
    : m_file(file), m_map(map), m_model(m), m_as_of(as_of), m_threads(threads), m_source(std::move(source)) {
  const std::size_t customers = file.customers().size();
  score_result& r = m_result;
  r.lambda = m.lambda;
  r.customer_score.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_journey_score.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_index.assign(customers, std::numeric_limits<double>::quiet_NaN());
  r.customer_events.assign(customers, 0);
  r.touchpoints.resize(map.size());
  r.segments.resize(file.customer_file() ? file.customer_file()->customers.segments.size() : 1);
}

void bucket_scores::add(const events_bucket& bucket) {
  const dictionary& labels = m_file.customers();
  const std::vector<std::size_t>& first_rows = m_file.first_rows();
  std::optional<customer_table> part_customers;
  if (const customer_table* whole = m_file.customer_weights()) part_customers = bucket.customers_of(*whole);
  std::optional<std::uint32_t> named;  // the customer a failure of this bucket names
  score_result part;
  try {
    part = score(bucket.view(), m_map, m_model,
                 {.customers = part_customers ? &*part_customers : nullptr,
                  .customer_label = [&](std::uint32_t c) { return labels[*(named = bucket.code_in_file(c))]; },
                  .customer_row = [&](std::uint32_t c) { return first_rows[*(named = bucket.code_in_file(c))]; },
                  .source = m_source,
                  .as_of = m_as_of,
                  .threads = m_threads,
                  .part_of_brand = true});
  } catch (const input_error&) {
    if (!named) throw;  // not about one customer: the whole file fails the same way
    if (*named < m_failure.customer) m_failure = {*named, std::current_exception()};
    return;
  }
  score_result& r = m_result;
  for (std::size_t local = 0; local < part.customer_score.size(); ++local) {
    const std::uint32_t c = bucket.code_in_file(static_cast<std::uint32_t>(local));
    r.customer_score[c] = part.customer_score[local];
    r.customer_journey_score[c] = part.customer_journey_score[local];
    r.customer_index[c] = part.customer_index[local];
    r.customer_events[c] = part.customer_events[local];
  }
  for (std::size_t t = 0; t < r.touchpoints.size(); ++t) r.touchpoints[t].merge(part.touchpoints[t]);
  for (std::size_t g = 0; g < r.segments.size(); ++g) r.segments[g].merge(part.segments[g]);
  r.brand.merge(part.brand);
}

score_result bucket_scores::finish() {
  if (m_failure.error) std::rethrow_exception(m_failure.error);
  check_brand_weight(m_result, m_source);
  return std::move(m_result);
}

scored_events score_in_buckets(const input_args& in, const journey_map& map, const model& m, double as_of,
                               unsigned threads, const bucket_plan& plan) {
  progress_line progress(in.progress, in.events);
  events_in_buckets file(in, map, read_options(in, as_of), plan, progress);
  file.read_customer_file(in);
  require_events(file.rows(), in.events);
  bucket_scores scores(file, map, m, as_of, threads, in.events);
  file.each_bucket([&](const events_bucket& bucket) { scores.add(bucket); });
  scored_events out;
  out.result = scores.finish();
  out.customers = file.customer_file();
  out.rejected = file.rejected();
  out.events.customers = file.take_customers();
  return out;
}

scored_events score_in_memory(const input_args& in, const journey_map& map, const model& m, double as_of,
                              unsigned threads) {
  scored_events out;
  progress_line progress(in.progress, in.events);
  csv_read_options options = read_options(in, as_of);
  options.progress = progress.reader();
  events_read_result read = read_events_csv(in.events, map, options);
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

}  // namespace cxscore::cli
