#include "cxscore/summary_bytes.hpp"

#include <array>
#include <bit>

namespace cxscore {
namespace {

constexpr std::array<char, 4> magic{'C', 'X', 'S', 'B'};
constexpr std::size_t header_bytes = 16;
constexpr std::size_t field_bytes = 8;
constexpr std::size_t group_bytes = field_bytes * 7;
constexpr std::size_t score_fixed_bytes = field_bytes * (1 + 5 + 2);  // λ, the brand summary, the two counts
constexpr const char* source = "<summary bytes>";

[[noreturn]] void refuse(const std::string& field, const std::string& value, const std::string& reason) {
  detail::fail({.file = source, .column = field, .value = value}, reason);
}

/// Appends fixed-width little-endian fields, whatever the host's byte order.
class byte_writer {
 public:
  void u16(std::uint16_t x) { unsigned_bytes(x, 2); }
  void u64(std::uint64_t x) { unsigned_bytes(x, 8); }
  void f64(double x) { u64(std::bit_cast<std::uint64_t>(x)); }
  void text(std::string_view s) { m_out.append(s); }
  void group(const group_summary& g) {
    u64(g.count);
    for (double x : {g.weight, g.gap_sum, g.value_sum, g.unmet_weight, g.contribution_sum, g.impact_sum}) f64(x);
  }
  [[nodiscard]] std::string take() && { return std::move(m_out); }

 private:
  void unsigned_bytes(std::uint64_t x, int width) {
    for (int k = 0; k < width; ++k) m_out.push_back(static_cast<char>((x >> (8 * k)) & 0xFFu));
  }
  std::string m_out;
};

/// Reads what byte_writer wrote; the caller has checked the sizes first, so reading never runs off the end.
class byte_reader {
 public:
  explicit byte_reader(std::string_view bytes) : m_bytes(bytes) {}
  std::uint16_t u16() { return static_cast<std::uint16_t>(unsigned_bytes(2)); }
  std::uint64_t u64() { return unsigned_bytes(8); }
  double f64() { return std::bit_cast<double>(u64()); }
  std::string_view text(std::size_t n) {
    const std::string_view s = m_bytes.substr(m_at, n);
    m_at += n;
    return s;
  }
  group_summary group() {
    group_summary g;
    g.count = u64();
    for (double* x : {&g.weight, &g.gap_sum, &g.value_sum, &g.unmet_weight, &g.contribution_sum, &g.impact_sum})
      *x = f64();
    return g;
  }
  [[nodiscard]] std::size_t left() const noexcept { return m_bytes.size() - m_at; }

 private:
  std::uint64_t unsigned_bytes(int width) {
    std::uint64_t x = 0;
    for (int k = 0; k < width; ++k)
      x |= std::uint64_t{static_cast<unsigned char>(m_bytes[m_at + static_cast<std::size_t>(k)])} << (8 * k);
    m_at += static_cast<std::size_t>(width);
    return x;
  }
  std::string_view m_bytes;
  std::size_t m_at = 0;
};

std::string with_header(summary_kind kind, std::string_view payload) {
  byte_writer w;
  w.text(std::string_view(magic.data(), magic.size()));
  w.u16(summary_format_version);
  w.u16(static_cast<std::uint16_t>(kind));
  w.u64(payload.size());
  w.text(payload);
  return std::move(w).take();
}

/// The payload of bytes of `kind`, after checking the header against it.
byte_reader payload_of(std::string_view bytes, summary_kind kind) {
  if (bytes.size() < header_bytes)
    refuse("header", std::to_string(bytes.size()) + " bytes",
           "too short for a summary: the header alone has " + std::to_string(header_bytes) + " bytes");
  byte_reader r(bytes);
  if (r.text(magic.size()) != std::string_view(magic.data(), magic.size()))
    refuse("magic", std::string(bytes.substr(0, magic.size())), "not cxscore summary bytes (magic CXSB)");
  if (const std::uint16_t version = r.u16(); version != summary_format_version)
    refuse("version", std::to_string(version),
           "summary bytes of format version " + std::to_string(version) + "; this cxscore reads version " +
               std::to_string(summary_format_version));
  if (const std::uint16_t found = r.u16(); found != static_cast<std::uint16_t>(kind))
    refuse("kind", std::to_string(found),
           "summary bytes of kind " + std::to_string(found) + " where kind " +
               std::to_string(static_cast<std::uint16_t>(kind)) + " was expected");
  if (const std::uint64_t payload = r.u64(); payload != r.left())
    refuse("size", std::to_string(payload),
           "the header announces " + std::to_string(payload) + " payload bytes but " + std::to_string(r.left()) +
               " follow");
  return r;
}

}  // namespace

std::string to_bytes(const score_summaries& s) {
  byte_writer w;
  w.f64(s.lambda);
  w.u64(s.brand.customers);
  w.u64(s.brand.events);
  for (double x : {s.brand.customer_weight, s.brand.journey_score_sum, s.brand.score_sum}) w.f64(x);
  w.u64(s.touchpoints.size());
  w.u64(s.segments.size());
  for (const auto& g : s.touchpoints) w.group(g);
  for (const auto& g : s.segments) w.group(g);
  return with_header(summary_kind::score, std::move(w).take());
}

score_summaries score_summaries_from_bytes(std::string_view bytes) {
  byte_reader r = payload_of(bytes, summary_kind::score);
  if (r.left() < score_fixed_bytes) refuse("size", std::to_string(r.left()), "too short for score summaries");
  score_summaries s;
  s.lambda = r.f64();
  s.brand.customers = r.u64();
  s.brand.events = r.u64();
  s.brand.customer_weight = r.f64();
  s.brand.journey_score_sum = r.f64();
  s.brand.score_sum = r.f64();
  const std::uint64_t touchpoints = r.u64();
  const std::uint64_t segments = r.u64();
  // Checked by division before anything is allocated, so a forged count can neither overflow nor reserve
  // memory the bytes do not hold.
  const std::size_t groups = r.left() / group_bytes;
  if (r.left() % group_bytes != 0 || touchpoints > groups || segments != groups - touchpoints)
    refuse("size", std::to_string(r.left()),
           "score summaries of " + std::to_string(touchpoints) + " touchpoints and " + std::to_string(segments) +
               " segments need " + std::to_string(group_bytes) + " bytes per group after the counts");
  s.touchpoints.reserve(touchpoints);
  for (std::uint64_t t = 0; t < touchpoints; ++t) s.touchpoints.push_back(r.group());
  s.segments.reserve(segments);
  for (std::uint64_t k = 0; k < segments; ++k) s.segments.push_back(r.group());
  return s;
}

}  // namespace cxscore
