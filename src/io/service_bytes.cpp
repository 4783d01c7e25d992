#include "cxscore/io/service_bytes.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include "internal/summary_byte_fields.hpp"

namespace cxscore {
namespace {

using detail::byte_reader;
using detail::byte_writer;
using detail::refuse_summary_bytes;

constexpr std::size_t field = detail::summary_field_bytes;
// window_days, z, first_time, last_time, service_contacts and the two counts
constexpr std::size_t service_fixed_bytes = field * 7;
constexpr std::size_t touchpoint_bytes = field * 7;
constexpr std::size_t smallest_cover_bytes = field * 4;  // one pair

void write_counts(byte_writer& w, const service_counts& c, std::uint64_t contacts) {
  for (std::uint64_t x : {c.unmet_visits, c.met_visits, c.contacts_after_unmet, c.contacts_after_met, c.visitors,
                          c.unmet_customers, contacts})
    w.u64(x);
}

/// `a + b`, refused where it overflows: a sum of forged counts.
std::uint64_t checked_sum(std::uint64_t a, std::uint64_t b, const char* what) {
  if (b > std::numeric_limits<std::uint64_t>::max() - a)
    refuse_summary_bytes(what, std::to_string(b), std::string("the ") + what + " overflow 64 bits");
  return a + b;
}

/// One cover's key, checked: pairs of a category below `categories` in ascending order and visits in
/// [1, 2^32), as the counting makes them.
std::vector<std::uint32_t> read_key(byte_reader& r, std::uint64_t categories) {
  const std::uint64_t pairs = r.u64();
  // Checked against what is left before anything is allocated: a forged count reserves nothing.
  if (pairs == 0 || pairs > (r.left() - field) / (2 * field))
    refuse_summary_bytes("covers", std::to_string(pairs),
                         "a cover holds at least one (category, visits) pair and no more than its bytes");
  std::vector<std::uint32_t> key;
  key.reserve(2 * pairs);
  for (std::uint64_t k = 0; k < pairs; ++k) {
    const std::uint64_t category = r.u64(), visits = r.u64();
    if (category >= categories || (k > 0 && category <= key[key.size() - 2]))
      refuse_summary_bytes("covers", std::to_string(category),
                           "a cover's categories lie below " + std::to_string(categories) + ", in ascending order");
    if (visits == 0 || visits > std::numeric_limits<std::uint32_t>::max())
      refuse_summary_bytes("covers", std::to_string(visits), "a cover's visits lie in [1, 2^32)");
    key.push_back(static_cast<std::uint32_t>(category));
    key.push_back(static_cast<std::uint32_t>(visits));
  }
  return key;
}

}  // namespace

std::string to_bytes(const service_attribution& a) {
  byte_writer w;
  for (double x : {a.window_days, a.z, a.first_time, a.last_time}) w.f64(x);
  w.u64(a.service_contacts);
  w.u64(a.by_touchpoint.size());
  w.u64(a.covers.size());
  for (std::size_t t = 0; t < a.by_touchpoint.size(); ++t)
    write_counts(w, a.by_touchpoint[t], t < a.contacts_by_service.size() ? a.contacts_by_service[t] : 0);
  for (const auto& [key, contacts] : a.covers) {
    w.u64(key.size() / 2);
    for (const std::uint32_t x : key) w.u64(x);
    w.u64(contacts);
  }
  return detail::with_summary_header(summary_kind::service, std::move(w).take());
}

service_attribution service_attribution_from_bytes(std::string_view bytes) {
  byte_reader r = detail::summary_payload_of(bytes, summary_kind::service);
  if (r.left() < service_fixed_bytes)
    refuse_summary_bytes("size", std::to_string(r.left()), "too short for service counts");
  service_attribution a;
  a.window_days = r.f64();
  a.z = r.f64();
  a.first_time = r.f64();
  a.last_time = r.f64();
  if (!(a.window_days > 0))
    refuse_summary_bytes("window_days", detail::number_text(a.window_days), "the window must be > 0 days");
  if (!(a.z > 0) || !std::isfinite(a.z))
    refuse_summary_bytes("z", detail::number_text(a.z), "z must be finite and > 0");
  a.service_contacts = r.u64();
  const std::uint64_t touchpoints = r.u64(), covers = r.u64();
  if (touchpoints > r.left() / touchpoint_bytes ||
      covers > (r.left() - touchpoints * touchpoint_bytes) / smallest_cover_bytes)
    refuse_summary_bytes("size", std::to_string(r.left()),
                         "service counts of " + std::to_string(touchpoints) + " touchpoints and " +
                             std::to_string(covers) + " covers need more bytes than follow");
  a.by_touchpoint.resize(touchpoints);
  a.contacts_by_service.resize(touchpoints);
  std::uint64_t contacts = 0;
  for (std::uint64_t t = 0; t < touchpoints; ++t) {
    service_counts& c = a.by_touchpoint[t];
    for (std::uint64_t* x : {&c.unmet_visits, &c.met_visits, &c.contacts_after_unmet, &c.contacts_after_met,
                             &c.visitors, &c.unmet_customers, &a.contacts_by_service[t]})
      *x = r.u64();
    contacts = checked_sum(contacts, a.contacts_by_service[t], "service_contacts");
  }
  if (contacts != a.service_contacts)
    refuse_summary_bytes("service_contacts", std::to_string(a.service_contacts),
                         "the service contacts are not the sum of the touchpoints' (" + std::to_string(contacts) + ")");
  std::uint64_t covered = 0;
  for (std::uint64_t k = 0; k < covers; ++k) {
    if (r.left() < smallest_cover_bytes)
      refuse_summary_bytes("size", std::to_string(r.left()), "too short for the covers announced");
    std::vector<std::uint32_t> key = read_key(r, 2 * touchpoints);  // leaves the bytes of its contacts
    const std::uint64_t held = r.u64();
    if (held == 0) refuse_summary_bytes("covers", "0", "a cover holds at least one contact");
    covered = checked_sum(covered, held, "covers");
    if (!a.covers.empty() && !(a.covers.rbegin()->first < key))
      refuse_summary_bytes("covers", std::to_string(k), "covers come in ascending key order, each once");
    a.covers.emplace_hint(a.covers.end(), std::move(key), held);
  }
  if (covered > a.service_contacts)
    refuse_summary_bytes("covers", std::to_string(covered),
                         "the covers hold more contacts than the " + std::to_string(a.service_contacts) + " counted");
  if (r.left() != 0) refuse_summary_bytes("size", std::to_string(r.left()), "bytes follow the covers announced");
  return a;
}

}  // namespace cxscore
