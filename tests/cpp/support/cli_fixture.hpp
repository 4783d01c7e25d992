#pragma once
// The fixture of every end-to-end test of the `cxscore` command (CXSCORE_CLI): a fresh scratch folder per
// test, named after the suite and the test so that tests running in parallel never share one, files
// written into it, the command run with its exit code and output captured, and CSV files read back.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <sys/wait.h>

namespace cxscore_test {

namespace fs = std::filesystem;

struct cli_run {
  int exit_code;
  std::string out, err;
  /// Compares as its exit code, so that `EXPECT_EQ(run(...), 0)` reads as it means.
  friend bool operator==(const cli_run& r, int code) { return r.exit_code == code; }
  friend std::ostream& operator<<(std::ostream& os, const cli_run& r) { return os << "exit code " << r.exit_code; }
};

/// The parts one after the other: a command line built in a loop, without a temporary string per `+`.
inline std::string concat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (const std::string_view part : parts) out += part;
  return out;
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The rows of a CSV file without quoted commas, header first; a trailing comma gives an empty last cell.
inline std::vector<std::vector<std::string>> read_csv(const fs::path& p) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(slurp(p));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string cell; std::getline(ls, cell, ',');) f.push_back(cell);
    if (!line.empty() && line.back() == ',') f.emplace_back();
    rows.push_back(f);
  }
  return rows;
}

class cli_fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("cxscore_") + test->test_suite_name() + "_" + test->name();
    for (char& c : name)
      if (c == '/') c = '_';
    m_dir = fs::temp_directory_path() / name;
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }

 public:
  [[nodiscard]] const fs::path& dir() const { return m_dir; }
  /// Writes `content` to a file in the scratch folder and returns its path.
  fs::path write(const std::string& name, const std::string& content) {
    std::ofstream(m_dir / name, std::ios::binary) << content;
    return m_dir / name;
  }
  /// Runs `cxscore <args>`; its output is also kept for err().
  cli_run run(const std::string& args) {
    const auto out = m_dir / "stdout.txt", err = m_dir / "stderr.txt";
    const std::string cmd = std::string(CXSCORE_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
    const int status = std::system(cmd.c_str());
    m_last = {WEXITSTATUS(status), slurp(out), slurp(err)};
    return m_last;
  }
  /// The standard error of the last run.
  [[nodiscard]] const std::string& err() const { return m_last.err; }

 protected:
  fs::path m_dir;
  cli_run m_last{0, "", ""};
};

}  // namespace cxscore_test
