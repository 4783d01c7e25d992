#include "cxscore/io/results_csv.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/group_tables.hpp"
#include "cxscore/io/json.hpp"
#include "internal/csv_writer.hpp"
#include "internal/json_documents.hpp"
#include "internal/staged_directory.hpp"

namespace cxscore {
namespace {

// JSON has no NaN: an undefined number is null.
nlohmann::ordered_json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json();
}

/// The rows of customers [begin, end) that have events.
std::string customer_rows(const customer_columns& c, std::size_t begin, std::size_t end) {
  std::string out;
  out.reserve((end - begin) * 48);
  for (std::size_t k = begin; k < end; ++k) {
    if (c.events[k] == 0) continue;
    detail::append_csv_field(out, c.label(static_cast<std::uint32_t>(k)));
    out += ',';
    detail::append_number(out, c.score[k]);
    out += ',';
    detail::append_number(out, c.index[k]);
    out += ',';
    detail::append_number(out, std::uint64_t{c.events[k]});
    out += '\n';
  }
  return out;
}

}  // namespace

void customers_csv_pieces(const customer_columns& columns, const std::function<void(std::string_view)>& put) {
  // Formatted in pieces on every core (shortest round-trip numbers are most of the work), a round of pieces
  // at a time, so that the text is never held whole.
  constexpr std::size_t piece_customers = std::size_t{1} << 16;
  const std::size_t customers = columns.score.size();
  if (columns.index.size() != customers || columns.events.size() != customers)
    throw std::invalid_argument("customers_csv: the score, index and events columns differ in length");
  put("customer,score,index,events\n");
  const std::size_t pieces = (customers + piece_customers - 1) / piece_customers;
  const std::size_t round = 4 * std::size_t{detail::thread_count(0)};
  std::vector<std::string> texts(std::min(round, pieces));
  for (std::size_t first = 0; first < pieces; first += round) {
    const std::size_t count = std::min(round, pieces - first);
    detail::parallel_blocks(detail::thread_count(0), count, [&](std::size_t k) {
      const std::size_t piece = first + k;
      texts[k] = customer_rows(columns, piece * piece_customers, std::min(customers, (piece + 1) * piece_customers));
    });
    for (std::size_t k = 0; k < count; ++k) put(texts[k]);
  }
}

std::string customers_csv(const customer_columns& columns) {
  std::string out;
  customers_csv_pieces(columns, [&](std::string_view piece) { out += piece; });
  return out;
}

namespace {

customer_columns customer_columns_of(const score_outputs& o) {
  const auto& r = o.result;
  return {.score = r.customer_score,
          .index = r.customer_index,
          .events = r.customer_events,
          .label = [&](std::uint32_t code) -> std::string_view { return o.events.customers[code]; }};
}

}  // namespace

std::string rejected_csv(const std::vector<rejected_row>& rows) {
  std::string out = "file,row,column,value,reason\n";
  for (const auto& r : rows) {
    for (const std::string* field : {&r.file}) detail::append_csv_field(out, *field);
    out += ',';
    detail::append_number(out, std::uint64_t{r.row});
    for (const std::string* field : {&r.column, &r.value, &r.reason}) {
      out += ',';
      detail::append_csv_field(out, *field);
    }
    out += '\n';
  }
  return out;
}

std::string group_csv(const group_table& table, const score_result& result) {
  std::string out = table.key + ",count";
  for (const auto& measure : group_measures) (out += ',') += measure.name;
  out += '\n';
  for (std::size_t k = 0; k < table.groups.size(); ++k) {
    const group_summary& g = table.groups[k];
    detail::append_csv_field(out, table.names[k]);
    out += ',';
    detail::append_number(out, g.count);
    for (const auto& measure : group_measures) {
      out += ',';
      detail::append_number(out, measure.value(g, result));
    }
    out += '\n';
  }
  return out;
}

nlohmann::ordered_json detail::summary_document(const score_result& r, const journey_map& map, const model& m,
                                                std::size_t rejected_rows, std::size_t customers_without_events) {
  const loss_split loss = split_loss_by_role(r, map);
  nlohmann::ordered_json j;
  j["map"] = map.name();
  j["model"] = model_document(m);
  j["customers"] = r.brand.customers;
  j["events"] = r.brand.events;
  j["customer_weight"] = r.brand.customer_weight;
  j["brand_score"] = number_or_null(r.brand_score());
  j["brand_index"] = number_or_null(r.brand_index());
  j["mean_customer_score"] = number_or_null(r.mean_customer_score());
  j["mean_customer_index"] = number_or_null(score_index(r.mean_customer_score(), r.lambda));
  j["loss"] = loss.total;
  j["loss_points"] = loss_points(loss.total, r.lambda);
  j["loss_share"] = {{"experience", loss.experience}, {"service", loss.service}};
  j["rejected_rows"] = rejected_rows;
  j["customers_file_rows_without_events"] = customers_without_events;
  return j;
}

std::string summary_json(const score_result& r, const journey_map& map, const model& m, std::size_t rejected_rows,
                         std::size_t customers_without_events) {
  return detail::summary_document(r, map, m, rejected_rows, customers_without_events).dump(2) + "\n";
}

std::string summary_json(const score_outputs& o) {
  return summary_json(o.result, o.map, o.model, o.rejected ? o.rejected->size() : 0, o.customers_without_events);
}

void write_score_outputs(const std::filesystem::path& dir, const score_outputs& o) {
  detail::staged_directory out(dir, "score");
  out.write_in_pieces("customers.csv", [&](const std::function<void(std::string_view)>& put) {
    customers_csv_pieces(customer_columns_of(o), put);
  });
  for (const group_table& table : group_tables(o.result, o.map, o.customers))
    out.write(table.key + "s.csv", group_csv(table, o.result));
  if (o.rejected) out.write("rejected.csv", rejected_csv(*o.rejected));
  out.write("summary.json", summary_json(o));
  out.commit();
}

}  // namespace cxscore
