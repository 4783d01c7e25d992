// Reading an input file as text: what people bring is sometimes compressed, sometimes not text at all.
#include <zlib.h>

#if __has_include(<sys/mman.h>) && __has_include(<fcntl.h>) && __has_include(<unistd.h>)
#define CXSCORE_HAVE_MMAP 1
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#define CXSCORE_HAVE_MMAP 0
#endif

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "cxscore/error.hpp"
#include "internal/cell_text.hpp"

namespace cxscore::detail {

namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) fail({path, 0, "", ""}, "cannot open the file");
  // One read of the known size (no stream copies); a file of unknown size (a pipe) is read as a stream.
  if (const std::streamoff size = in.tellg(); size >= 0 && in.seekg(0)) {
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (in.read(bytes.data(), size) && in.peek() == std::char_traits<char>::eof()) return bytes;
    in.clear();
    in.seekg(0);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return std::move(buffer).str();
}

bool is_gzip(std::string_view bytes) noexcept { return bytes.starts_with("\x1F\x8B"); }

/// Every member of a gzip file, decompressed (`gzip a b > c` writes two members).
std::string gunzip(const std::string& path, std::string_view bytes) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) fail({path, 0, "", ""}, "cannot start gzip decompression (zlib)");
  std::string text;
  text.resize(std::max<std::size_t>(bytes.size() * 4, 1 << 16));
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(std::min<std::size_t>(bytes.size(), UINT32_MAX));
  std::size_t in_left = bytes.size() - z.avail_in, out = 0;
  while (true) {
    if (out == text.size()) text.resize(text.size() * 2);
    z.next_out = reinterpret_cast<Bytef*>(text.data() + out);
    z.avail_out = static_cast<uInt>(std::min<std::size_t>(text.size() - out, UINT32_MAX));
    const uInt before = z.avail_out;
    const int status = inflate(&z, Z_NO_FLUSH);
    out += before - z.avail_out;
    if (z.avail_in == 0 && in_left > 0) {
      const auto more = static_cast<uInt>(std::min<std::size_t>(in_left, UINT32_MAX));
      z.avail_in = more;
      in_left -= more;
    }
    if (status == Z_STREAM_END) {
      if (z.avail_in == 0 && in_left == 0) break;
      inflateReset(&z);  // another member follows
      continue;
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      const std::string why = z.msg ? z.msg : "corrupt data";
      inflateEnd(&z);
      fail({path, 0, "", ""}, "not a readable gzip file (" + why + ")");
    }
    if (status == Z_BUF_ERROR && z.avail_in == 0 && in_left == 0) {
      inflateEnd(&z);
      fail({path, 0, "", ""}, "not a readable gzip file (it ends before its data does)");
    }
  }
  inflateEnd(&z);
  text.resize(out);
  return text;
}

/// What a file that is not text is, by its first bytes; empty when it looks like text.
std::string not_text(std::string_view bytes) {
  if (bytes.starts_with("PAR1"))
    return "this is a Parquet file, not CSV text: convert it to CSV, or read it in Python "
           "(pandas.read_parquet) and pass the frame to cxscore";
  if (bytes.starts_with("PK\x03\x04"))
    return "this is a zip archive (an Excel .xlsx workbook is one), not CSV text: export the sheet as CSV "
           "(UTF-8)";
  if (bytes.starts_with("\xD0\xCF\x11\xE0"))
    return "this is an Excel 97-2003 workbook (.xls), not CSV text: export the sheet as CSV (UTF-8)";
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF"))
    return "this is UTF-16 text: save it as UTF-8 (CSV UTF-8 in Excel)";
  const std::string_view head = bytes.substr(0, 4096);
  if (const std::size_t nul = head.find('\0'); nul != std::string_view::npos)
    return "this is binary data (a NUL byte at offset " + std::to_string(nul) + "), not CSV text";
  return {};
}

}  // namespace

bool is_gzip_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[2] = {};
  return in.read(magic, sizeof magic) && is_gzip(std::string_view(magic, sizeof magic));
}

std::string read_file(const std::string& path) {
  std::string bytes = read_bytes(path);
  if (is_gzip(bytes)) bytes = gunzip(path, bytes);
  if (const std::string problem = not_text(bytes); !problem.empty()) fail({path, 0, "", ""}, problem);
  return bytes;
}

mapped_text::mapped_text(const std::string& path) {
#if CXSCORE_HAVE_MMAP
  // Mapped, not copied into the process. A small file is faulted in at once (MAP_POPULATE: no page fault per
  // page); a large one as its readers ask (will_read), so that only the part being read takes memory.
  if (const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
      const auto size = static_cast<std::size_t>(info.st_size);
      constexpr std::size_t populated_at_once = std::size_t{64} << 20;
      const int populate = size <= populated_at_once ? MAP_POPULATE : 0;
      void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | populate, fd, 0);
      if (map != MAP_FAILED) m_map = map, m_mapped_bytes = size;
    }
    ::close(fd);
  }
  if (m_map) {
    const std::string_view bytes(static_cast<const char*>(m_map), m_mapped_bytes);
    if (!is_gzip(bytes)) {
      if (const std::string problem = not_text(bytes); !problem.empty()) {
        ::munmap(m_map, m_mapped_bytes);
        fail({path, 0, "", ""}, problem);
      }
      m_text = bytes;
      return;
    }
    ::munmap(m_map, m_mapped_bytes);
    m_map = nullptr;
  }
#endif
  m_read = read_file(path);
  m_text = m_read;
}

namespace {
#if CXSCORE_HAVE_MMAP
/// The page size, asked once.
std::size_t page_bytes() noexcept {
  static const auto bytes = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return bytes;
}
#endif
}  // namespace

void mapped_text::will_read(std::size_t from, std::size_t to) const noexcept {
#if CXSCORE_HAVE_MMAP && defined(MADV_POPULATE_READ)
  if (m_map == nullptr) return;
  to = std::min(to, m_mapped_bytes);
  from -= from % page_bytes();  // the pages that hold any of it
  if (from < to) (void)::madvise(static_cast<char*>(m_map) + from, to - from, MADV_POPULATE_READ);  // a hint
#else
  (void)from, (void)to;
#endif
}

void mapped_text::done_with(std::size_t from, std::size_t to) const noexcept {
#if CXSCORE_HAVE_MMAP
  if (m_map == nullptr) return;
  const std::size_t page = page_bytes();
  from = (from + page - 1) / page * page;  // only the pages wholly inside: a neighbour may still read the others
  to = to >= m_mapped_bytes ? m_mapped_bytes : to - to % page;
  if (from < to) (void)::madvise(static_cast<char*>(m_map) + from, to - from, MADV_DONTNEED);
#else
  (void)from, (void)to;
#endif
}

mapped_text::~mapped_text() {
#if CXSCORE_HAVE_MMAP
  if (m_map) ::munmap(m_map, m_mapped_bytes);
#endif
}

}  // namespace cxscore::detail
