#include "internal/event_buckets.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>

namespace cxscore::detail {

namespace {

/// A bucket's records are written once this many bytes are pending: few system calls, little memory.
constexpr std::size_t flush_bytes = std::size_t{1} << 20;

[[noreturn]] void fail_on_disk(const std::filesystem::path& where, const char* what) {
  throw std::runtime_error(std::string("cannot ") + what + " the temporary bucket files in " + where.string() + ": " +
                           std::strerror(errno));
}

template <class T>
void put(std::string& out, const T& x) {
  out.append(reinterpret_cast<const char*>(&x), sizeof x);
}

template <class T>
T take(const char*& in) {
  T x;
  std::memcpy(&x, in, sizeof x);
  in += sizeof x;
  return x;
}

}  // namespace

event_buckets::event_buckets(std::size_t count) : m_pending(count) {
  std::string pattern = (std::filesystem::temp_directory_path() / "cxscore-buckets-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) fail_on_disk(pattern, "create");
  m_dir = pattern;
  m_files.assign(count, nullptr);
  for (std::size_t b = 0; b < count; ++b) {
    m_files[b] = std::fopen((m_dir / std::to_string(b)).c_str(), "w+b");
    if (m_files[b] == nullptr) {
      const int error = errno;
      remove_all();  // the constructor throws, so no destructor will
      errno = error;
      fail_on_disk(m_dir, "create");
    }
  }
}

event_buckets::~event_buckets() { remove_all(); }

void event_buckets::remove_all() noexcept {
  for (std::FILE*& f : m_files)
    if (f != nullptr) std::fclose(f), f = nullptr;
  std::error_code ignored;  // a destructor cannot report; the folder is private and under TMPDIR
  if (!m_dir.empty()) std::filesystem::remove_all(m_dir, ignored);
  m_dir.clear();
}

std::size_t event_buckets::record_bytes() const noexcept {
  return 2 * sizeof(std::uint32_t) + 2 * sizeof(double) + (m_with_expectation ? sizeof(double) : 0) +
         (m_with_dimension ? sizeof(std::int32_t) : 0);
}

void event_buckets::append(const event_table& rows, const event_columns& columns) {
  m_with_expectation = columns.expectation.has_value();
  m_with_dimension = columns.dimension.has_value();
  const std::size_t count = m_files.size();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t b = rows.customer[i] % count;
    std::string& out = m_pending[b];
    put(out, rows.customer[i]);
    put(out, rows.touchpoint[i]);
    put(out, rows.time[i]);
    put(out, rows.experience[i]);
    if (m_with_expectation) put(out, rows.expectation[i]);
    if (m_with_dimension) put(out, rows.dimension[i]);
    if (out.size() >= flush_bytes) flush(b);
  }
  m_rows += rows.size();
}

void event_buckets::flush(std::size_t b) {
  std::string& out = m_pending[b];
  if (!out.empty() && std::fwrite(out.data(), 1, out.size(), m_files[b]) != out.size()) fail_on_disk(m_dir, "write");
  out.clear();
}

void event_buckets::finish_appending() {
  for (std::size_t b = 0; b < m_files.size(); ++b) {
    flush(b);
    std::string().swap(m_pending[b]);
  }
}

event_table event_buckets::load(std::size_t b) {
  finish_appending();
  std::FILE* f = m_files[b];
  if (std::fflush(f) != 0 || std::fseek(f, 0, SEEK_END) != 0) fail_on_disk(m_dir, "write");
  const long bytes = std::ftell(f);
  if (bytes < 0 || std::fseek(f, 0, SEEK_SET) != 0) fail_on_disk(m_dir, "read");
  const std::size_t record = record_bytes(), rows = static_cast<std::size_t>(bytes) / record;
  const std::uint32_t count = static_cast<std::uint32_t>(m_files.size());
  event_table out;
  out.customer.reserve(rows);
  out.touchpoint.reserve(rows);
  out.time.reserve(rows);
  out.experience.reserve(rows);
  if (m_with_expectation) out.expectation.reserve(rows);
  if (m_with_dimension) out.dimension.reserve(rows);
  // Read back a piece of whole records at a time, so that the bucket is in memory once, as columns.
  std::vector<char> piece((flush_bytes / record + 1) * record);
  for (std::size_t left = rows; left > 0;) {
    const std::size_t take_rows = std::min(left, piece.size() / record);
    if (std::fread(piece.data(), record, take_rows, f) != take_rows) fail_on_disk(m_dir, "read");
    const char* in = piece.data();
    for (std::size_t i = 0; i < take_rows; ++i) {
      out.customer.push_back(take<std::uint32_t>(in) / count);
      out.touchpoint.push_back(take<touchpoint_code>(in));
      out.time.push_back(take<double>(in));
      out.experience.push_back(take<double>(in));
      if (m_with_expectation) out.expectation.push_back(take<double>(in));
      if (m_with_dimension) out.dimension.push_back(take<std::int32_t>(in));
    }
    left -= take_rows;
  }
  // The bucket is read once: its disk space goes back now.
  std::fclose(f);
  m_files[b] = nullptr;
  std::error_code ignored;
  std::filesystem::remove(m_dir / std::to_string(b), ignored);
  return out;
}

}  // namespace cxscore::detail
