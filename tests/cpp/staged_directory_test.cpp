// An output folder is all or nothing and never mixes two runs: checked on staged_directory itself (a folder
// cxscore did not write is never replaced; leftovers of killed runs go) and end to end by killing
// `cxscore score` at every step of its commit (CXSCORE_TEST_CRASH_AT) and reading the folder afterwards.
#include "internal/staged_directory.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cxscore/error.hpp"
#include "support/cli_fixture.hpp"

namespace {

namespace fs = std::filesystem;
using cxscore::detail::staged_directory;
using cxscore_test::read_csv;
using cxscore_test::slurp;

// Every file under `dir` (relative name -> content); empty when `dir` does not exist.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    files[fs::relative(e.path(), dir).string()] = e.is_regular_file() ? slurp(e.path()) : "<folder>";
  return files;
}

// The names in `parent` that a run left beside its output.
std::vector<std::string> leftovers(const fs::path& parent) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(parent))
    if (e.path().filename().string().find(".cxscore-") != std::string::npos) found.push_back(e.path().filename());
  return found;
}

void write_file(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

using staged_directory_test = cxscore_test::cli_fixture;

TEST_F(staged_directory_test, writes_every_file_with_a_manifest_and_nothing_beside) {
  const auto out = dir() / "out";
  {
    staged_directory s(out, "score");
    s.write("a.csv", "1\n");
    write_file(s.stage("b.csv"), "2\n");
    EXPECT_FALSE(fs::exists(out)) << "nothing is visible before the commit";
    s.commit();
  }
  EXPECT_EQ(snapshot(out), (std::map<std::string, std::string>{
                               {".cxscore-run", "cxscore-run 1\ncommand score\nfile a.csv\nfile b.csv\n"},
                               {"a.csv", "1\n"},
                               {"b.csv", "2\n"}}));
  EXPECT_TRUE(leftovers(dir()).empty());
}

TEST_F(staged_directory_test, an_abandoned_run_leaves_the_folder_as_it_was) {
  const auto fresh = dir() / "fresh", earlier = dir() / "earlier";
  {
    staged_directory s(earlier, "score");
    s.write("a.csv", "old\n");
    s.commit();
  }
  const auto before = snapshot(earlier);
  for (const auto& out : {fresh, earlier}) {
    staged_directory s(out, "score");
    s.write("a.csv", "new\n");
  }
  EXPECT_FALSE(fs::exists(fresh));
  EXPECT_EQ(snapshot(earlier), before);
  EXPECT_TRUE(leftovers(dir()).empty());
}

TEST_F(staged_directory_test, replaces_an_earlier_run_as_a_whole) {
  const auto out = dir() / "out";
  {
    staged_directory s(out, "score");
    s.write("customers.csv", "old\n");
    s.write("rejected.csv", "file,row\n");
    s.commit();
  }
  {
    staged_directory s(out, "score");
    s.write("customers.csv", "new\n");
    s.commit();
  }
  EXPECT_EQ(snapshot(out),
            (std::map<std::string, std::string>{{".cxscore-run", "cxscore-run 1\ncommand score\nfile customers.csv\n"},
                                                {"customers.csv", "new\n"}}));
  EXPECT_TRUE(leftovers(dir()).empty());
}

TEST_F(staged_directory_test, replaces_an_empty_folder_and_follows_a_link) {
  const auto empty = dir() / "empty", real = dir() / "real", link = dir() / "link";
  fs::create_directories(empty);
  fs::create_directories(real);
  fs::create_directory_symlink(real, link);
  for (const auto& out : {empty, link}) {
    staged_directory s(out, "metrics");
    s.write("metrics.csv", "x\n");
    s.commit();
  }
  EXPECT_EQ(slurp(empty / "metrics.csv"), "x\n");
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(slurp(real / "metrics.csv"), "x\n");
}

TEST_F(staged_directory_test, refuses_to_replace_a_folder_cxscore_did_not_write) {
  // A user's folder; an output of another command (it may hold this run's inputs); an output with a user's file
  // added; a file where the folder should be.
  const auto user = dir() / "user", sim = dir() / "sim", added = dir() / "added", file = dir() / "file";
  fs::create_directories(user);
  write_file(user / "notes.txt", "mine\n");
  for (const auto& [out, command] : {std::pair{sim, "simulate"}, std::pair{added, "score"}}) {
    staged_directory s(out, command);
    s.write("events.csv", "x\n");
    s.commit();
  }
  write_file(added / "notes.txt", "mine\n");
  write_file(file, "mine\n");
  const std::vector<std::pair<fs::path, std::string>> cases{{user, "was not written by cxscore"},
                                                            {sim, "holds the output of 'cxscore simulate'"},
                                                            {added, "holds 'notes.txt'"},
                                                            {file, "is not a folder"}};
  for (const auto& [out, reason] : cases) {
    const auto before = snapshot(out);
    const auto before_file = fs::is_regular_file(out) ? slurp(out) : "";
    try {
      staged_directory s(out, "score");
      ADD_FAILURE() << out << " accepted";
    } catch (const cxscore::input_error& e) {
      EXPECT_EQ(e.where().file, out.string());
      EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
    }
    EXPECT_EQ(snapshot(out), before) << out;
    if (fs::is_regular_file(out)) {
      EXPECT_EQ(slurp(out), before_file);
    }
  }
  // Filled while the run computed: refused at the commit, and the user's file stays.
  const auto late = dir() / "late";
  staged_directory s(late, "score");
  s.write("customers.csv", "x\n");
  fs::create_directories(late);
  write_file(late / "notes.txt", "mine\n");
  EXPECT_THROW(s.commit(), cxscore::input_error);
  EXPECT_EQ(snapshot(late), (std::map<std::string, std::string>{{"notes.txt", "mine\n"}}));
}

TEST_F(staged_directory_test, refuses_an_empty_mount_point_before_writing) {
  // rename(2) cannot move a mount point, so the commit could never swap it: refused up front, with a reason.
  const auto mounted = dir() / "mounted";
  fs::create_directories(mounted);
  if (::mount("tmpfs", mounted.c_str(), "tmpfs", 0, "size=1m") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (needs CAP_SYS_ADMIN): " << std::strerror(errno);
  std::string message;
  try {
    staged_directory s(mounted, "score");
  } catch (const cxscore::input_error& e) {
    message = e.what();
  }
  ::umount(mounted.c_str());
  EXPECT_NE(message.find("is a mount point"), std::string::npos) << message;
  EXPECT_TRUE(leftovers(dir()).empty());
}

TEST_F(staged_directory_test, removes_what_dead_runs_left_but_not_what_live_ones_use) {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);  // its id now names no process
  const auto dead = dir() / ("out.cxscore-new-" + std::to_string(child) + "-00000000000000aa");
  const auto dead_old = dir() / ("out.cxscore-old-" + std::to_string(child) + "-00000000000000bb");
  const auto live = dir() / "out.cxscore-new-1-00000000000000cc";  // init runs
  const auto other = dir() / ("other.cxscore-new-" + std::to_string(child) + "-00000000000000dd");
  for (const auto& p : {dead, dead_old, live, other}) {
    fs::create_directories(p);
    write_file(p / "customers.csv", "x\n");
  }
  staged_directory s(dir() / "out", "score");
  s.write("customers.csv", "y\n");
  s.commit();
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_FALSE(fs::exists(dead_old));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(other)) << "another folder's leftovers are its own run's business";
}

// End to end: `cxscore score` killed at each step of its commit.
class atomic_output_test : public cxscore_test::cli_fixture {
 protected:
  void SetUp() override {
    cli_fixture::SetUp();
    m_map = write("map.json", R"({"touchpoints": [{"name": "web", "promise": 4}, {"name": "shop", "promise": 5}]})")
                .string();
    m_dirty = write("dirty.csv",
                    "customer,touchpoint,time,experience\na,web,0,4\nb,moon,0,4\nc,web,0,99\n"
                    "d,shop,0,5\n")
                  .string();
    m_clean = write("clean.csv",
                    "customer,touchpoint,time,experience\na,web,0,2\nb,shop,0,5\nc,web,60,3\n"
                    "c,shop,120,1\ne,web,0,5\n")
                  .string();
    m_runs = dir() / "runs";
    fs::create_directories(m_runs);
  }
  std::string old_args(const fs::path& out) const {
    return "score --lenient --map " + m_map + " --events " + m_dirty + " --out " + out.string();
  }
  std::string new_args(const fs::path& out) const {
    return "score --map " + m_map + " --events " + m_clean + " --out " + out.string();
  }
  // Runs cxscore with the crash hook at `step`; true when it was killed there.
  bool run_killed(const std::string& step, const std::string& args, bool exchange) {
    const std::string cmd = std::string("env CXSCORE_TEST_CRASH_AT=") + step +
                            (exchange ? "" : " CXSCORE_TEST_NO_EXCHANGE=1") + " " + CXSCORE_CLI + " " + args +
                            " >/dev/null 2>&1";
    const int status = std::system(cmd.c_str());
    return (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ||
           (WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGKILL);
  }
  // Kills a run at every step, into a fresh folder and over an earlier (lenient) run's folder, and checks
  // the folder is the earlier run's or the new run's, byte for byte; a clean run after each kill leaves
  // the new run and nothing beside it.
  void kill_at_every_step(bool exchange) {
    ASSERT_EQ(run(new_args(dir() / "reference")), 0) << err();
    const auto fresh_run = snapshot(dir() / "reference");
    ASSERT_EQ(fresh_run.count("rejected.csv"), 0u);
    const auto out = m_runs / "out";
    for (const bool over_earlier : {false, true}) {
      std::vector<std::string> steps{"staging", "write:customers.csv", "synced", "swapped"};
      if (over_earlier) steps.emplace_back("removing");
      if (over_earlier && !exchange) steps.emplace_back("aside");
      for (const auto& step : steps) {
        const std::string label = step + (over_earlier ? " over an earlier run" : " into a fresh folder");
        fs::remove_all(out);
        std::map<std::string, std::string> earlier;
        if (over_earlier) {
          ASSERT_EQ(run(old_args(out)), 0) << err();
          earlier = snapshot(out);
          ASSERT_EQ(earlier.count("rejected.csv"), 1u);
        }
        EXPECT_TRUE(run_killed(step, new_args(out), exchange)) << label << ": not killed";
        const auto after = snapshot(out);
        const bool after_swap = step == "swapped" || step == "removing";
        if (step == "aside") {  // the fallback's documented window: no folder, never a mixed one
          EXPECT_TRUE(after.empty()) << label;
        } else {
          EXPECT_EQ(after, after_swap ? fresh_run : earlier) << label;
        }
        ASSERT_EQ(run(new_args(out)), 0) << label << "\n" << err();
        EXPECT_EQ(snapshot(out), fresh_run) << label;
        EXPECT_EQ(leftovers(m_runs), std::vector<std::string>{}) << label;
      }
    }
  }
  std::string m_map, m_dirty, m_clean;
  fs::path m_runs;
};

TEST_F(atomic_output_test, score_killed_at_any_step_leaves_the_earlier_run_or_the_new_one) { kill_at_every_step(true); }

TEST_F(atomic_output_test, without_an_exchange_too) { kill_at_every_step(false); }

TEST_F(atomic_output_test, a_strict_run_over_a_lenient_one_leaves_no_rejected_csv) {
  const auto out = dir() / "out";
  ASSERT_EQ(run(old_args(out)), 0) << err();
  ASSERT_TRUE(fs::exists(out / "rejected.csv"));
  ASSERT_EQ(run(new_args(out)), 0) << err();
  EXPECT_FALSE(fs::exists(out / "rejected.csv"));
  EXPECT_EQ(read_csv(out / "customers.csv").size(), 5u);  // header, a, b, c, e
}

TEST_F(atomic_output_test, score_refuses_a_users_folder_and_leaves_it_alone) {
  const auto out = dir() / "mine";
  fs::create_directories(out);
  write_file(out / "notes.txt", "mine\n");
  EXPECT_EQ(run(new_args(out)), 2);
  EXPECT_NE(err().find("was not written by cxscore"), std::string::npos) << err();
  EXPECT_EQ(snapshot(out), (std::map<std::string, std::string>{{"notes.txt", "mine\n"}}));
  EXPECT_EQ(leftovers(dir()), std::vector<std::string>{});
}

TEST_F(atomic_output_test, a_dot_file_inside_the_output_folder_is_one_of_its_files) {
  const auto events = write("journeys.csv", "customer,touchpoint,time\na,web,0\na,shop,60\nb,web,0\n").string();
  const auto out = dir() / "j";
  for (int round = 0; round < 2; ++round) {  // the second over the first
    ASSERT_EQ(run("journeys --events " + events + " --out " + out.string() + " --dot " + (out / "j.dot").string()), 0)
        << err();
    EXPECT_NE(slurp(out / "j.dot").find("digraph"), std::string::npos);
    EXPECT_NE(slurp(out / ".cxscore-run").find("file j.dot\n"), std::string::npos);
    EXPECT_EQ(leftovers(dir()), std::vector<std::string>{});
  }
  // Beside the folder it is written on its own, as before.
  ASSERT_EQ(run("journeys --events " + events + " --out " + out.string() + " --dot " + (dir() / "j.dot").string()), 0)
      << err();
  EXPECT_NE(slurp(dir() / "j.dot").find("digraph"), std::string::npos);
  EXPECT_FALSE(fs::exists(out / "j.dot"));
}

TEST_F(atomic_output_test, a_dot_file_named_without_a_folder_is_written_in_the_working_folder) {
  const auto events = write("journeys.csv", "customer,touchpoint,time\na,web,0\na,shop,60\nb,web,0\n").string();
  const fs::path before = fs::current_path();
  fs::current_path(dir());  // the command runs here, given "j" and "j.dot" as they are
  const auto done = run("journeys --events " + events + " --out j --dot j.dot");
  fs::current_path(before);
  ASSERT_EQ(done, 0) << err();
  EXPECT_NE(slurp(dir() / "j.dot").find("digraph"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir() / "j" / "edges.csv"));
  EXPECT_EQ(leftovers(dir()), std::vector<std::string>{});
}

}  // namespace
