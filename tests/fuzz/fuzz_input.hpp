#pragma once
// The contract every fuzz target checks: a reader given any bytes either returns or throws
// cxscore::input_error. Any other exception is a finding, reported by aborting so that libFuzzer
// saves the input; crashes and sanitizer reports are findings by themselves.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "cxscore/error.hpp"

namespace cxscore::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <class Body>
void expect_input_error_only(Body&& body) {
  try {
    body();
  } catch (const cxscore::input_error&) {
    // the expected refusal of bad input
  } catch (const std::exception& e) {
    std::fprintf(stderr, "finding: exception other than input_error: %s\n", e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "finding: non-standard exception\n");
    std::abort();
  }
}

/// A file of this process's own in the temporary folder, for the readers that read a file rather than text;
/// removed when the process exits.
class scratch_file {
 public:
  explicit scratch_file(const std::string& stem)
      : m_path(std::filesystem::temp_directory_path() /
               ("cxscore-fuzz-" + stem + "-" + std::to_string(::getpid()) + ".csv")) {}
  scratch_file(const scratch_file&) = delete;
  scratch_file& operator=(const scratch_file&) = delete;
  ~scratch_file() {
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
  }
  /// Writes `text` as the file's whole content and returns its path.
  const std::filesystem::path& holding(std::string_view text) const {
    std::ofstream(m_path, std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
    return m_path;
  }

 private:
  std::filesystem::path m_path;
};

/// A property that must hold for every accepted input; its failure aborts with `what`.
inline void check(bool holds, const char* what) {
  if (!holds) {
    std::fprintf(stderr, "finding: %s\n", what);
    std::abort();
  }
}

}  // namespace cxscore::fuzz
