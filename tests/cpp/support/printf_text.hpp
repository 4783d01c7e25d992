#pragma once
// One number through printf formatting: the way a test writes the text it expects in a report.
#include <cstdio>
#include <string>

namespace cxscore_test {

inline std::string text(const char* format, double x) {
  char buf[128];
  std::snprintf(buf, sizeof buf, format, x);
  return buf;
}

}  // namespace cxscore_test
