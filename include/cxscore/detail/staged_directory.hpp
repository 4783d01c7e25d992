#pragma once
// Writes a set of files all or nothing: into a hidden staging folder inside the target, then each is
// renamed into place. On failure (or destruction without commit) the staging folder is removed.
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace cxscore::detail {

class staged_directory {
 public:
  explicit staged_directory(std::filesystem::path dir)
      : m_dir(std::move(dir)), m_staging(m_dir / (".cxscore-staging-" + std::to_string(::getpid()))),
        m_created(!std::filesystem::exists(m_dir)) {
    std::filesystem::create_directories(m_staging);
  }
  staged_directory(const staged_directory&) = delete;
  staged_directory& operator=(const staged_directory&) = delete;
  ~staged_directory() {
    std::error_code ignored;
    std::filesystem::remove_all(m_staging, ignored);
    if (m_created && !m_committed) std::filesystem::remove(m_dir, ignored);  // only if still empty
  }

  /// The staging path for `name`, for a writer that streams into its own file; committed with the rest.
  [[nodiscard]] std::filesystem::path stage(const std::string& name) {
    m_names.push_back(name);
    return m_staging / name;
  }

  void write(const std::string& name, std::string_view content) {
    const auto path = stage(name);
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + (m_dir / name).string());
  }
  /// Moves every staged file into the target folder.
  void commit() {
    for (const auto& name : m_names) std::filesystem::rename(m_staging / name, m_dir / name);
    m_names.clear();
    m_committed = true;
  }
  [[nodiscard]] const std::filesystem::path& dir() const noexcept { return m_dir; }

 private:
  std::filesystem::path m_dir;
  std::filesystem::path m_staging;
  std::vector<std::string> m_names;
  bool m_created;
  bool m_committed = false;
};

}  // namespace cxscore::detail
