#include "progress_line.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdint>
#include <iostream>

namespace cxscore::cli {

namespace {

using clock = std::chrono::steady_clock;

double seconds_between(clock::time_point from, clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

/// Bytes in megabytes (10^6), as file sizes and rates are quoted.
double megabytes(double bytes) { return bytes / 1e6; }

/// A count with thousands separated: 2,655,754.
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
  return digits;
}

}  // namespace

bool progress_by_default() { return ::isatty(STDERR_FILENO) == 1; }

progress_line::progress_line(bool shown, std::string file)
    : progress_line(shown, std::move(file), std::cerr, ::isatty(STDERR_FILENO) == 1) {}

progress_line::progress_line(bool shown, std::string file, std::ostream& out, bool terminal)
    : m_shown(shown),
      m_terminal(terminal),
      m_file(std::move(file)),
      m_out(&out),
      m_start(clock::now()),
      m_drawn(m_start) {}

progress_line::~progress_line() {
  if (m_open) *m_out << '\n' << std::flush;
}

std::function<void(const read_progress&)> progress_line::reader() {
  if (!m_shown) return {};
  return [this](const read_progress& p) {
    // The reader's last call repeats the numbers of a chunk that read to the end: nothing new to draw.
    if (p.bytes_read == m_read.bytes_read && p.rows == m_read.rows && m_drawn != m_start) return;
    m_read = p;
    const double elapsed = seconds_between(m_start, clock::now());
    const double share =
        p.bytes_total > 0 ? 100.0 * static_cast<double>(p.bytes_read) / static_cast<double>(p.bytes_total) : 100.0;
    const double rate = elapsed > 0 ? megabytes(static_cast<double>(p.bytes_read)) / elapsed : 0.0;
    draw(fmt::format("{}: read {:.1f} of {:.1f} MB ({:.0f}%), {} rows, {:.1f} s, {:.0f} MB/s", m_file,
                     megabytes(static_cast<double>(p.bytes_read)), megabytes(static_cast<double>(p.bytes_total)), share,
                     grouped(p.rows), elapsed, rate),
         p.bytes_read == p.bytes_total);
  };
}

void progress_line::bucket(std::size_t k, std::size_t count) {
  if (!m_shown) return;
  draw(fmt::format("{}: {} rows read; bucket {} of {}, {:.1f} s", m_file, grouped(m_read.rows), k, count,
                   seconds_between(m_start, clock::now())),
       k == count);
}

void progress_line::finish() {
  if (m_open) *m_out << '\n' << std::flush;
  m_open = false;
}

void progress_line::draw(const std::string& text, bool last) {
  const clock::time_point now = clock::now();
  const double since = seconds_between(m_drawn, now);
  if (!last && since < (m_terminal ? 0.1 : 1.0) && m_drawn != m_start) return;
  m_drawn = now;
  if (m_terminal) {
    // Spaces blank out the end of a longer line drawn before.
    *m_out << '\r' << text << std::string(m_width > text.size() ? m_width - text.size() : 0, ' ') << std::flush;
    m_width = text.size();
    m_open = true;
  } else {
    *m_out << text << '\n' << std::flush;
  }
}

}  // namespace cxscore::cli
