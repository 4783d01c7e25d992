#pragma once
// Writes a run's files all or nothing, and never mixes two runs in one folder, even under SIGKILL: every
// file goes into a sibling folder `DIR.cxscore-new-<pid>-<random>` (same parent, so the same filesystem)
// together with a manifest, `.cxscore-run`, naming the command and the files; all of it is flushed to disk,
// then the sibling takes DIR's place in one rename (an exchange when DIR exists, whose old contents are
// removed afterwards). A reader sees DIR as it was or as it is after the run, never in between.
//
// DIR is only ever replaced when it is absent, empty, or an earlier output of the same command holding
// nothing its manifest does not list; anything else is refused with an input_error, so user files are
// never swapped away. Siblings left by a killed run are removed by the next run into the same DIR.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cxscore::detail {

/// The manifest every output folder carries.
inline constexpr std::string_view run_manifest_name = ".cxscore-run";

class staged_directory {
 public:
  /// `command` names the writer ("score", "simulate", ...), recorded in the manifest; DIR is checked here
  /// already, so that a refusal comes before anything is written.
  staged_directory(std::filesystem::path dir, std::string command);
  staged_directory(const staged_directory&) = delete;
  staged_directory& operator=(const staged_directory&) = delete;
  ~staged_directory();

  /// The staging path for `name`, for a writer that streams into its own file; committed with the rest.
  [[nodiscard]] std::filesystem::path stage(const std::string& name);
  void write(const std::string& name, std::string_view content);
  /// Writes `name` a piece at a time: `write_all(put)` calls put(piece) for each piece, in order. For a file
  /// too large to hold whole beside the columns it is formatted from.
  void write_in_pieces(const std::string& name,
                       const std::function<void(const std::function<void(std::string_view)>& put)>& write_all);
  /// Puts the staged files in DIR's place at once.
  void commit();
  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return m_dir; }

 private:
  std::filesystem::path m_dir;     // as given, for messages
  std::filesystem::path m_target;  // absolute, the folder that is replaced
  std::filesystem::path m_staging;
  std::string m_command;
  std::vector<std::string> m_names;
  int m_lock = -1;  // an flock on the staging folder while this run owns it
  bool m_committed = false;
};

}  // namespace cxscore::detail
