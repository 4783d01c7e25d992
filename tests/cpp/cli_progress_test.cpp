// `--progress`: a line on standard error while a command reads (and with buckets scores) the events, never on
// standard output; the outputs and what the command prints are byte for byte those of `--no-progress`.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/cli_fixture.hpp"

namespace fs = std::filesystem;

namespace {

using cli_progress_test = cxscore_test::cli_fixture;
using cxscore_test::slurp;

/// Every file of `a` has the same bytes in `b`, and `b` has no other file.
void expect_same_files(const fs::path& a, const fs::path& b) {
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(a)) {
    ++files;
    const fs::path other = b / entry.path().filename();
    ASSERT_TRUE(fs::exists(other)) << other;
    EXPECT_EQ(slurp(entry.path()), slurp(other)) << entry.path().filename();
  }
  EXPECT_EQ(files, static_cast<std::size_t>(std::distance(fs::directory_iterator(b), fs::directory_iterator())));
  EXPECT_GT(files, 0u);
}

TEST_F(cli_progress_test, progress_goes_to_standard_error_only_and_changes_no_output) {
  const auto sim = dir() / "sim";
  ASSERT_EQ(run("simulate --customers 300 --seed 3 --out " + sim.string()), 0) << err();
  const std::string inputs = "--map " + (sim / "map.json").string() + " --events " + (sim / "events.csv").string() +
                             " --customers " + (sim / "customers.csv").string();
  struct command {
    std::string name, args;
    bool buckets;
  };
  const command commands[] = {{"score", "score " + inputs, false},
                              {"score_buckets", "score " + inputs + " --buckets 3 --window-bytes 4096", true},
                              {"service", "service " + inputs, false},
                              {"monitor", "monitor " + inputs, false},
                              {"journeys", "journeys --events " + (sim / "events.csv").string(), false}};
  for (const command& c : commands) {
    SCOPED_TRACE(c.name);
    const auto quiet = dir() / (c.name + "_quiet"), shown = dir() / (c.name + "_shown");
    const auto without = run(c.args + " --no-progress --out " + quiet.string());
    ASSERT_EQ(without, 0) << without.err;
    EXPECT_EQ(without.err, "");
    const auto with = run(c.args + " --progress --out " + shown.string());
    ASSERT_EQ(with, 0) << with.err;
    // The same words on standard output, but for the output folder each names.
    std::string said = with.out;
    for (std::size_t at = said.find(shown.string()); at != std::string::npos; at = said.find(shown.string()))
      said.replace(at, shown.string().size(), quiet.string());
    EXPECT_EQ(said, without.out);
    expect_same_files(quiet, shown);
    // Not a terminal: whole lines, the last of the reading at 100% of the file's bytes.
    EXPECT_NE(with.err.find("events.csv: read"), std::string::npos) << with.err;
    EXPECT_NE(with.err.find("(100%)"), std::string::npos) << with.err;
    EXPECT_EQ(with.err.find('\r'), std::string::npos);
    if (c.buckets) {
      EXPECT_NE(with.err.find("rows read; bucket 3 of 3"), std::string::npos) << with.err;
    }
  }
  // Not a terminal and no flag: no progress.
  const auto by_default = run("score " + inputs + " --out " + (dir() / "default").string());
  ASSERT_EQ(by_default, 0);
  EXPECT_EQ(by_default.err, "");
}

}  // namespace
