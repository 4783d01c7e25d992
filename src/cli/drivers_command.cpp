#include "drivers_command.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "cxscore/detail/csv_writer.hpp"
#include "cxscore/detail/staged_directory.hpp"
#include "cxscore/detail/text.hpp"
#include "cxscore/key_drivers.hpp"

namespace cxscore::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string name(detail::trim(std::string_view(text).substr(start, comma - start)));
    if (name.empty()) detail::fail({"--drivers", 0, "", text}, "empty driver name in the list");
    out.push_back(std::move(name));
    start = comma + 1;
  }
  return out;
}

void append_row(std::string& out, const std::string& name, std::initializer_list<double> numbers) {
  detail::append_csv_field(out, name);
  for (double x : numbers) {
    out += ',';
    detail::append_number(out, x);
  }
  out += '\n';
}

std::string drivers_csv(const driver_importance& d, bool intervals) {
  std::string out = "driver,lmg,lmg_share,relative_weight,relative_weight_share,beta";
  out += intervals ? ",lmg_lower,lmg_upper,relative_weight_lower,relative_weight_upper,beta_lower,beta_upper\n" : "\n";
  const Eigen::VectorXd lmg_share = d.lmg_share(), rw_share = d.relative_weight_share();
  for (std::size_t j = 0; j < d.drivers.size(); ++j) {
    const auto k = static_cast<Eigen::Index>(j);
    if (intervals)
      append_row(out, d.drivers[j],
                 {d.lmg[k], lmg_share[k], d.relative_weight[k], rw_share[k], d.beta[k], d.lmg_interval.lower[k],
                  d.lmg_interval.upper[k], d.relative_weight_interval.lower[k], d.relative_weight_interval.upper[k],
                  d.beta_interval.lower[k], d.beta_interval.upper[k]});
    else
      append_row(out, d.drivers[j], {d.lmg[k], lmg_share[k], d.relative_weight[k], rw_share[k], d.beta[k]});
  }
  return out;
}

std::string fix_first_csv(const std::vector<fix_first_row>& rows) {
  std::string out = "driver,importance,gap,priority\n";
  for (const auto& r : rows) append_row(out, r.driver, {r.importance, r.gap, r.priority});
  return out;
}

std::string summary_json(const drivers_args& a, const driver_table& t, const driver_importance& d) {
  nlohmann::ordered_json j;
  j["table"] = a.table;
  j["outcome"] = t.outcome;
  j["outcome_model"] = t.binary_outcome ? "linear probability (binary outcome)" : "linear";
  j["n"] = d.n;
  j["drivers"] = d.drivers.size();
  j["r2"] = d.r2;
  j["constant_drivers"] = d.constant;
  j["collinear_drivers"] = d.collinear;
  j["excluded_rows"] = t.excluded.size();
  auto& rows = j["excluded"] = nlohmann::ordered_json::array();
  for (const auto& e : t.excluded)
    rows.push_back({{"row", e.row}, {"id", e.id}, {"column", e.column}, {"reason", e.reason}});
  if (a.bootstrap > 0)
    j["bootstrap"] = {{"replicates", a.bootstrap}, {"seed", a.seed}, {"confidence", a.confidence},
                      {"interval", "percentile (type 7)"}};
  return j.dump(2) + "\n";
}

}  // namespace

CLI::App* add_drivers_command(CLI::App& app, drivers_args& a) {
  auto* c = app.add_subcommand("drivers", "Key drivers of an outcome: LMG (exact Shapley R² shares), Johnson's "
                                          "relative weights and standardised betas");
  c->add_option("--table", a.table, "Driver table CSV: one row per customer, a column per driver, the outcome")
      ->required();
  c->add_option("--outcome", a.outcome, "Outcome column (numbers, or yes/no for a binary outcome)")->required();
  c->add_option("--drivers", a.drivers, "Driver columns, comma-separated (default: all but the outcome and id)");
  c->add_option("--id", a.id, "Id column (default: the first column if called customer, id or rownames)");
  c->add_option("--bootstrap", a.bootstrap, "Bootstrap replicates for percentile intervals (0 = none)")
      ->capture_default_str();
  c->add_option("--seed", a.seed, "Bootstrap seed")->capture_default_str();
  c->add_option("--confidence", a.confidence, "Interval level")->capture_default_str()->check(CLI::Range(0.5, 0.999999));
  c->add_option("--threads", a.threads, "Threads (0 = all cores); results do not depend on it")->capture_default_str();
  c->add_option("--out", a.out, "Output folder (drivers.csv, fix_first.csv, summary.json)")->required();
  return c;
}

int run_drivers(const drivers_args& a) {
  const driver_table t = read_driver_table_csv(a.table, {.outcome = a.outcome, .drivers = split_list(a.drivers), .id = a.id});
  std::size_t last_shown = 0;
  const driver_importance d = analyse_drivers(
      t, {.threads = a.threads,
          .bootstrap = a.bootstrap,
          .seed = a.seed,
          .confidence = a.confidence,
          .progress = [&](std::size_t done, std::size_t total) {
            if (done * 10 / total != last_shown * 10 / total || done == total)
              std::cerr << fmt::format("\rbootstrap {}/{}", done, total) << (done == total ? "\n" : "") << std::flush;
            last_shown = done;
          }});
  detail::staged_directory out(a.out);
  out.write("drivers.csv", drivers_csv(d, a.bootstrap > 0));
  out.write("fix_first.csv", fix_first_csv(fix_first(d, t.driver_means())));
  out.write("summary.json", summary_json(a, t, d));
  out.commit();
  std::cout << fmt::format("{} drivers of '{}' on {} rows ({} excluded): R² {:.4f}; wrote {}\n", d.drivers.size(),
                           t.outcome, d.n, t.excluded.size(), d.r2, a.out);
  return 0;
}

}  // namespace cxscore::cli
