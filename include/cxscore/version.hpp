#pragma once
/// The version of cxscore: the one place it is written. CMakeLists.txt (the CMake package's version) and
/// pyproject.toml (the Python package's) read it from this line; `cxscore --version` and Python's
/// `cxscore.__version__` print it. Versions follow Semantic Versioning; CHANGELOG.md says what each one changed.
#define CXSCORE_VERSION "0.1.0"

namespace cxscore {

/// "MAJOR.MINOR.PATCH" of the headers a program was compiled with.
inline constexpr const char* version = CXSCORE_VERSION;

}  // namespace cxscore
