#include "cxscore/dictionary.hpp"

#include <absl/container/flat_hash_map.h>
#include <absl/strings/string_view.h>

#include <utility>

#include "cxscore/detail/prefetch.hpp"

namespace cxscore {

// Labels are looked up once per event row, and a log in time order meets its customers in no useful order:
// each lookup is a cache miss in a table of up to millions of labels. An open-addressing table (Abseil's
// SwissTable) finds a label in one probe of a control-byte group and one slot, where a node-based
// std::unordered_map chases a bucket and then a node.
struct dictionary::code_table {
  absl::flat_hash_map<std::string, std::uint32_t> codes;
};

namespace {
/// Debian builds Abseil with its own string_view type (ABSL_OPTION_USE_STD_STRING_VIEW 0), which the
/// table's heterogeneous lookup takes.
absl::string_view key(std::string_view label) noexcept { return {label.data(), label.size()}; }
}  // namespace

dictionary::dictionary() : m_codes(std::make_unique<code_table>()) {}
dictionary::dictionary(const dictionary& other)
    : m_labels(other.m_labels), m_codes(std::make_unique<code_table>(*other.m_codes)) {}
dictionary::dictionary(dictionary&& other) noexcept
    : m_labels(std::move(other.m_labels)), m_codes(std::exchange(other.m_codes, std::make_unique<code_table>())) {}
dictionary& dictionary::operator=(const dictionary& other) {
  if (this != &other) *this = dictionary(other);
  return *this;
}
dictionary& dictionary::operator=(dictionary&& other) noexcept {
  m_labels = std::move(other.m_labels);
  other.m_labels.clear();
  std::swap(m_codes, other.m_codes);
  other.m_codes->codes.clear();
  return *this;
}
dictionary::~dictionary() = default;

std::uint32_t dictionary::encode(std::string_view label) {
  const auto [it, inserted] = m_codes->codes.try_emplace(key(label), static_cast<std::uint32_t>(m_labels.size()));
  if (inserted) m_labels.emplace_back(label);
  return it->second;
}

constexpr std::size_t ahead = detail::lookups_in_flight;  // encode_all's and find_all's prefetch distance

void dictionary::encode_all(std::span<const std::string_view> labels, std::span<std::uint32_t> codes) {
  auto& table = m_codes->codes;
  // A label equal to the one before it (a file grouped by customer: most rows) takes its code without a
  // lookup, and is not prefetched.
  auto repeats = [&](std::size_t k) { return k > 0 && labels[k] == labels[k - 1]; };
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (k + ahead < labels.size() && !repeats(k + ahead)) table.prefetch(key(labels[k + ahead]));
    codes[k] = repeats(k) ? codes[k - 1] : encode(labels[k]);
  }
}

void dictionary::reserve(std::size_t labels) {
  m_labels.reserve(labels);
  m_codes->codes.reserve(labels);
}

void dictionary::find_all(std::span<const std::string_view> labels,
                          std::span<std::optional<std::uint32_t>> codes) const {
  const auto& table = m_codes->codes;
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (k + ahead < labels.size()) table.prefetch(key(labels[k + ahead]));
    codes[k] = find(labels[k]);
  }
}

std::optional<std::uint32_t> dictionary::find(std::string_view label) const {
  if (auto it = m_codes->codes.find(key(label)); it != m_codes->codes.end()) return it->second;
  return std::nullopt;
}

}  // namespace cxscore
