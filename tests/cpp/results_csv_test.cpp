#include "cxscore/io/results_csv.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cxscore/sim/simulate.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(results_csv_test, group_csv_writes_full_precision_and_empty_cells_for_undefined_means) {
  cxscore::group_summary visited, unvisited;
  visited.add(1.0, -1.0 / 3, -2.25 / 3, 1.0 / 7);
  cxscore::score_result result;  // three customers scoring -0.45 in all, lambda 2.25: a brand score below 0
  result.brand.customer_weight = 3.0;
  result.brand.journey_score_sum = -0.45;
  result.lambda = 2.25;
  const std::string text = cxscore::group_csv({"owner", {"a", "b,c"}, {visited, unvisited}}, result);
  std::istringstream in(text);
  std::string header, a, b;
  std::getline(in, header);
  std::getline(in, a);
  std::getline(in, b);
  EXPECT_EQ(header,
            "owner,count,mean_gap,mean_value,unmet_share,contribution,impact,contribution_points,impact_points");
  // Reading the numbers back gives the very same doubles.
  std::istringstream cells(a);
  std::string name, count, gap, value, unmet, contribution, impact, contribution_points, impact_points;
  for (auto* cell : {&name, &count, &gap, &value, &unmet, &contribution, &impact, &contribution_points, &impact_points})
    std::getline(cells, *cell, ',');
  EXPECT_EQ(name, "a");
  EXPECT_EQ(count, "1");
  EXPECT_EQ(std::stod(gap), -1.0 / 3);
  EXPECT_EQ(std::stod(value), -2.25 / 3);
  EXPECT_EQ(std::stod(unmet), 1.0);
  EXPECT_EQ(std::stod(contribution), (1.0 / 7) * (-2.25 / 3) / 3.0);
  EXPECT_EQ(std::stod(impact), std::stod(contribution));
  // In index points, with the brand score -0.15 < 0: 50 contribution / 2.25, and the loss the same.
  EXPECT_DOUBLE_EQ(std::stod(contribution_points), 50 * std::stod(contribution) / 2.25);
  EXPECT_DOUBLE_EQ(std::stod(impact_points), 50 * std::stod(impact) / 2.25);
  // A group nobody visited has no mean: empty cells, never "nan". Names with commas are quoted.
  EXPECT_EQ(b, "\"b,c\",0,,,,0,0,0,0");
}

TEST(results_csv_test, writes_every_file_and_customers_round_trip_exactly) {
  const auto brand = cxscore::simulate({.customers = 200, .seed = 11});
  const auto r = cxscore::score(brand.events.view(), brand.map, brand.model, {.customers = &brand.customers});
  const fs::path dir = fs::temp_directory_path() / "cxscore_results_csv_test";
  fs::remove_all(dir);
  const std::vector<cxscore::rejected_row> rejected{{"e.csv", 7, "time", "soon", "unparsable time"}};
  cxscore::write_score_outputs(dir, {.result = r,
                                     .map = brand.map,
                                     .events = brand.events,
                                     .model = brand.model,
                                     .customers = &brand.customers,
                                     .rejected = &rejected});
  for (const char* f : {"customers.csv", "touchpoints.csv", "owners.csv", "phases.csv", "channels.csv", "segments.csv",
                        "summary.json", "rejected.csv"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename() != ".cxscore-run") ++files;
  EXPECT_EQ(files, 8u);                                    // no staging folder left behind
  EXPECT_TRUE(fs::is_regular_file(dir / ".cxscore-run"));  // the manifest of every output folder
  for (const auto& entry : fs::directory_iterator(dir.parent_path()))
    EXPECT_EQ(entry.path().filename().string().rfind(dir.filename().string() + ".cxscore-", 0), std::string::npos)
        << entry.path() << " left beside the output";
  std::istringstream in(slurp(dir / "customers.csv"));
  std::string line;
  std::getline(in, line);
  for (std::uint32_t c = 0; std::getline(in, line); ++c) {
    const auto comma = line.find(',');
    EXPECT_EQ(line.substr(0, comma), brand.events.customers[c]);
    EXPECT_EQ(std::stod(line.substr(comma + 1)), r.customer_score[c]);
  }
  EXPECT_EQ(slurp(dir / "rejected.csv"), "file,row,column,value,reason\ne.csv,7,time,soon,unparsable time\n");
  fs::remove_all(dir);
}

TEST(results_csv_test, a_failed_write_leaves_no_output_folder) {
  const auto brand = cxscore::simulate({.customers = 20, .seed = 1});
  const auto r = cxscore::score(brand.events.view(), brand.map, brand.model, {.customers = &brand.customers});
  const fs::path blocker = fs::temp_directory_path() / "cxscore_results_blocker";
  fs::remove_all(blocker);
  std::ofstream(blocker) << "a file where a folder should go";
  EXPECT_ANY_THROW(cxscore::write_score_outputs(
      blocker / "out", {.result = r, .map = brand.map, .events = brand.events, .model = brand.model}));
  EXPECT_TRUE(fs::is_regular_file(blocker));
  fs::remove_all(blocker);
}

}  // namespace
