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

std::string customers_csv(const customer_columns& columns) {
  // Formatted in pieces on every core (shortest round-trip numbers are most of the work), then joined.
  constexpr std::size_t piece_customers = std::size_t{1} << 16;
  const std::size_t customers = columns.score.size();
  if (columns.index.size() != customers || columns.events.size() != customers)
    throw std::invalid_argument("customers_csv: the score, index and events columns differ in length");
  std::vector<std::string> pieces((customers + piece_customers - 1) / piece_customers);
  detail::parallel_blocks(detail::thread_count(0), pieces.size(), [&](std::size_t k) {
    pieces[k] = customer_rows(columns, k * piece_customers, std::min(customers, (k + 1) * piece_customers));
  });
  std::string out = "customer,score,index,events\n";
  std::size_t bytes = out.size();
  for (const std::string& piece : pieces) bytes += piece.size();
  out.reserve(bytes);
  for (std::string& piece : pieces) {
    out += piece;
    std::string().swap(piece);
  }
  return out;
}

namespace {

std::string customers_file(const score_outputs& o) {
  const auto& r = o.result;
  return customers_csv({.score = r.customer_score,
                        .index = r.customer_index,
                        .events = r.customer_events,
                        .label = [&](std::uint32_t code) -> std::string_view { return o.events.customers[code]; }});
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
  out.write("customers.csv", customers_file(o));
  for (const group_table& table : group_tables(o.result, o.map, o.customers))
    out.write(table.key + "s.csv", group_csv(table, o.result));
  if (o.rejected) out.write("rejected.csv", rejected_csv(*o.rejected));
  out.write("summary.json", summary_json(o));
  out.commit();
}

}  // namespace cxscore
