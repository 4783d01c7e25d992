#pragma once
/// The parts every summary's byte form shares (summary_bytes.hpp describes the layout): fixed-width
/// little-endian fields, the header, and the checks of a header before a payload is read.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cxscore/error.hpp"
#include "cxscore/summary_bytes.hpp"

namespace cxscore::detail {

inline constexpr std::array<char, 4> summary_magic{'C', 'X', 'S', 'B'};
inline constexpr std::size_t summary_header_bytes = 16;
inline constexpr std::size_t summary_field_bytes = 8;

/// Throws the input_error of bytes that are not a valid summary; `field` names the part found wrong.
[[noreturn]] inline void refuse_summary_bytes(const std::string& field, const std::string& value,
                                              const std::string& reason) {
  fail({.file = "<summary bytes>", .column = field, .value = value}, reason);
}

/// Appends fixed-width little-endian fields, whatever the host's byte order.
class byte_writer {
 public:
  void u16(std::uint16_t x) { unsigned_bytes(x, 2); }
  void u64(std::uint64_t x) { unsigned_bytes(x, 8); }
  void f64(double x) { u64(std::bit_cast<std::uint64_t>(x)); }
  void text(std::string_view s) { m_out.append(s); }
  [[nodiscard]] std::string take() && { return std::move(m_out); }

 private:
  void unsigned_bytes(std::uint64_t x, int width) {
    for (int k = 0; k < width; ++k) m_out.push_back(static_cast<char>((x >> (8 * k)) & 0xFFu));
  }
  std::string m_out;
};

/// Reads what byte_writer wrote. Callers check the sizes a count announces (left()) before allocating for it;
/// each read checks again, so bytes that end inside a field are refused rather than read past their end.
class byte_reader {
 public:
  explicit byte_reader(std::string_view bytes) : m_bytes(bytes) {}
  std::uint16_t u16() { return static_cast<std::uint16_t>(unsigned_bytes(2)); }
  std::uint64_t u64() { return unsigned_bytes(8); }
  double f64() { return std::bit_cast<double>(u64()); }
  std::string_view text(std::size_t n) {
    need(n);
    const std::string_view s = m_bytes.substr(m_at, n);
    m_at += n;
    return s;
  }
  [[nodiscard]] std::size_t left() const noexcept { return m_bytes.size() - m_at; }

 private:
  void need(std::size_t n) const {
    if (n > left())
      refuse_summary_bytes("size", std::to_string(left()) + " bytes",
                           "the bytes end inside a field of " + std::to_string(n) + " bytes");
  }
  std::uint64_t unsigned_bytes(int width) {
    need(static_cast<std::size_t>(width));
    std::uint64_t x = 0;
    for (int k = 0; k < width; ++k)
      x |= std::uint64_t{static_cast<unsigned char>(m_bytes[m_at + static_cast<std::size_t>(k)])} << (8 * k);
    m_at += static_cast<std::size_t>(width);
    return x;
  }
  std::string_view m_bytes;
  std::size_t m_at = 0;
};

/// The header of `kind` followed by `payload`.
inline std::string with_summary_header(summary_kind kind, std::string_view payload) {
  byte_writer w;
  w.text(std::string_view(summary_magic.data(), summary_magic.size()));
  w.u16(summary_format_version);
  w.u16(static_cast<std::uint16_t>(kind));
  w.u64(payload.size());
  w.text(payload);
  return std::move(w).take();
}

/// The payload of bytes of `kind`, after checking the header against it.
inline byte_reader summary_payload_of(std::string_view bytes, summary_kind kind) {
  if (bytes.size() < summary_header_bytes)
    refuse_summary_bytes(
        "header", std::to_string(bytes.size()) + " bytes",
        "too short for a summary: the header alone has " + std::to_string(summary_header_bytes) + " bytes");
  byte_reader r(bytes);
  if (r.text(summary_magic.size()) != std::string_view(summary_magic.data(), summary_magic.size()))
    refuse_summary_bytes("magic", std::string(bytes.substr(0, summary_magic.size())),
                         "not cxscore summary bytes (magic CXSB)");
  if (const std::uint16_t version = r.u16(); version != summary_format_version)
    refuse_summary_bytes("version", std::to_string(version),
                         "summary bytes of format version " + std::to_string(version) +
                             "; this cxscore reads version " + std::to_string(summary_format_version));
  if (const std::uint16_t found = r.u16(); found != static_cast<std::uint16_t>(kind))
    refuse_summary_bytes("kind", std::to_string(found),
                         "summary bytes of kind " + std::to_string(found) + " where kind " +
                             std::to_string(static_cast<std::uint16_t>(kind)) + " was expected");
  if (const std::uint64_t payload = r.u64(); payload != r.left())
    refuse_summary_bytes("size", std::to_string(payload),
                         "the header announces " + std::to_string(payload) + " payload bytes but " +
                             std::to_string(r.left()) + " follow");
  return r;
}

}  // namespace cxscore::detail
