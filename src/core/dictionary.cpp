#include "cxscore/dictionary.hpp"

#include <absl/container/flat_hash_set.h>
#include <absl/hash/hash.h>
#include <absl/strings/string_view.h>

#include <algorithm>
#include <array>
#include <utility>

#include "cxscore/detail/prefetch.hpp"
#include "cxscore/detail/text.hpp"

namespace cxscore {

namespace {
/// Debian builds Abseil with its own string_view type (ABSL_OPTION_USE_STD_STRING_VIEW 0), which its hash takes.
absl::string_view key(std::string_view label) noexcept { return {label.data(), label.size()}; }

std::size_t hash_of(std::string_view label) noexcept { return absl::Hash<absl::string_view>{}(key(label)); }

/// A label and its hash, worked out once for a loop's two prefetches and its lookup of that label.
struct hashed_label {
  std::string_view label;
  std::size_t hash;
};

/// A label looked up only to have the labels of the codes it might be brought into the cache: the table
/// holds codes, so a lookup reads a second place, the candidate code's label, and loops of lookups ask for
/// that place too some lookups ahead (a table asked for it finds no code equal to it).
struct label_to_prefetch {
  hashed_label label;
};

/// The hash of a label, and of a code as the hash of its label, so that the table can hold codes alone and be
/// asked for labels (Abseil's heterogeneous lookup: both functors are transparent).
struct label_hash {
  using is_transparent = void;
  const std::vector<std::string>* labels;
  std::size_t operator()(std::string_view label) const noexcept { return hash_of(label); }
  std::size_t operator()(hashed_label h) const noexcept { return h.hash; }
  std::size_t operator()(label_to_prefetch p) const noexcept { return p.label.hash; }
  std::size_t operator()(std::uint32_t code) const noexcept { return hash_of((*labels)[code]); }
};

/// Codes are equal when they are the same code (each label has one); a code equals a label when its label does.
struct label_eq {
  using is_transparent = void;
  const std::vector<std::string>* labels;
  bool operator()(std::uint32_t a, std::uint32_t b) const noexcept { return a == b; }
  bool operator()(std::uint32_t code, std::string_view label) const noexcept {
    return detail::same_text((*labels)[code], label);
  }
  bool operator()(std::string_view label, std::uint32_t code) const noexcept { return (*this)(code, label); }
  bool operator()(std::uint32_t code, hashed_label h) const noexcept {
    return detail::same_text((*labels)[code], h.label);
  }
  bool operator()(hashed_label h, std::uint32_t code) const noexcept { return (*this)(code, h); }
  bool operator()(std::uint32_t code, label_to_prefetch) const noexcept {
    // The label's std::string may straddle two lines; a short label's bytes are within it.
    const std::string* at = labels->data() + code;
    detail::prefetch_at(at, 0);
    detail::prefetch_at(at, sizeof(std::string) - 1);
    return false;
  }
};
}  // namespace

// Labels are looked up once per event row, and a log in time order meets its customers in no useful order:
// each lookup is a cache miss in a table of up to millions of labels. An open-addressing table (Abseil's
// SwissTable) finds a label in one probe of a control-byte group and one slot, where a node-based
// std::unordered_map chases a bucket and then a node. Each label is stored once, in `labels` (a std::string
// keeps a customer id of up to 15 bytes inline); the table's slots hold only codes, 4 bytes each beside their
// control byte, and its functors read a code's label from `labels`. A table of labels and codes would hold
// every label a second time, in slots of 40 bytes of which a growing table keeps up to twice as many as it has
// labels, and memory a table touches is memory the kernel zeroes first.
struct dictionary::code_table {
  std::vector<std::string> labels;
  // The functors point at `labels` of the same object, which a dictionary moves only by its pointer.
  absl::flat_hash_set<std::uint32_t, label_hash, label_eq> codes{0, label_hash{&labels}, label_eq{&labels}};

  code_table() = default;
  code_table(const code_table& other) : labels(other.labels) {
    codes.reserve(labels.size());
    for (std::uint32_t code = 0; code < labels.size(); ++code) codes.insert(code);
  }
  code_table(code_table&&) = delete;
  code_table& operator=(const code_table&) = delete;
  code_table& operator=(code_table&&) = delete;
  ~code_table() = default;

  std::uint32_t encode(std::string_view label) { return encode(hashed_label{label, hash_of(label)}); }
  std::uint32_t encode(hashed_label label) {
    const auto code = static_cast<std::uint32_t>(labels.size());
    bool inserted = false;
    const auto it = codes.lazy_emplace(label, [&](const auto& construct) {
      construct(code);
      inserted = true;
    });
    if (inserted) {
      // The table holds a code without its label until this line: should copying the label throw, the
      // code goes (erasing by position reads no label) and the dictionary is as it was.
      try {
        labels.emplace_back(label.label);
      } catch (...) {
        codes.erase(it);
        throw;
      }
    }
    return *it;
  }

  /// Asks for the control bytes and slots where `label`'s code is or would be.
  void prefetch_place(hashed_label label) const { codes.prefetch(label); }
  /// Asks for the labels of the codes at that place whose hash bits match `label`'s (the place read from the cache).
  void prefetch_labels(hashed_label label) const { static_cast<void>(codes.find(label_to_prefetch{label})); }
};

dictionary::dictionary() : m_codes(std::make_unique<code_table>()) {}
dictionary::dictionary(const dictionary& other) : m_codes(std::make_unique<code_table>(*other.m_codes)) {}
dictionary::dictionary(dictionary&& other) noexcept
    : m_codes(std::exchange(other.m_codes, std::make_unique<code_table>())) {}
dictionary& dictionary::operator=(const dictionary& other) {
  if (this != &other) *this = dictionary(other);
  return *this;
}
dictionary& dictionary::operator=(dictionary&& other) noexcept {
  std::swap(m_codes, other.m_codes);
  other.m_codes->codes.clear();
  other.m_codes->labels.clear();
  return *this;
}
dictionary::~dictionary() = default;

const std::vector<std::string>& dictionary::labels() const noexcept { return m_codes->labels; }

std::uint32_t dictionary::encode(std::string_view label) { return m_codes->encode(label); }

// encode_all and find_all prefetch in two stages, as a lookup reads two places: a label's place in the table
// `2 * ahead` lookups before its own, then the labels of the codes there `ahead` lookups before, by when that
// place is in the cache. Each stage holds twice lookups_in_flight lookups (cxscore_dictionary_bench judges).
constexpr std::size_t ahead = 2 * detail::lookups_in_flight;

namespace {
/// The hashes of the labels a loop of lookups has asked for and not yet looked up, each worked out once, when
/// its place is prefetched 2 * ahead lookups before its own.
class hashes_ahead {
 public:
  explicit hashes_ahead(std::span<const std::string_view> labels) : m_labels(labels) {}
  /// Label k with its hash, worked out now (the first of the three uses).
  hashed_label first_use(std::size_t k) noexcept {
    m_hash[k % slots] = hash_of(m_labels[k]);
    return at(k);
  }
  /// Label k with the hash first_use(k) worked out, at most 2 * ahead labels before.
  [[nodiscard]] hashed_label at(std::size_t k) const noexcept { return {m_labels[k], m_hash[k % slots]}; }

 private:
  static constexpr std::size_t slots = 4 * ahead;  // more than the 2 * ahead + 1 in use at once
  std::span<const std::string_view> m_labels;
  std::array<std::size_t, slots> m_hash{};
};
}  // namespace

void dictionary::encode_all(std::span<const std::string_view> labels, std::span<std::uint32_t> codes) {
  auto& table = *m_codes;
  // A label equal to the one before it (a file grouped by customer: most rows) takes its code without a
  // lookup, and is neither hashed nor prefetched.
  auto repeats = [&](std::size_t k) { return k > 0 && labels[k] == labels[k - 1]; };
  hashes_ahead hashed(labels);
  for (std::size_t k = 0; k < std::min(2 * ahead, labels.size()); ++k)
    if (!repeats(k)) static_cast<void>(hashed.first_use(k));
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (k + 2 * ahead < labels.size() && !repeats(k + 2 * ahead)) table.prefetch_place(hashed.first_use(k + 2 * ahead));
    if (k + ahead < labels.size() && !repeats(k + ahead)) table.prefetch_labels(hashed.at(k + ahead));
    codes[k] = repeats(k) ? codes[k - 1] : table.encode(hashed.at(k));
  }
}

void dictionary::reserve(std::size_t labels) {
  m_codes->labels.reserve(labels);
  m_codes->codes.reserve(labels);
}

void dictionary::find_all(std::span<const std::string_view> labels,
                          std::span<std::optional<std::uint32_t>> codes) const {
  const auto& table = *m_codes;
  hashes_ahead hashed(labels);
  for (std::size_t k = 0; k < std::min(2 * ahead, labels.size()); ++k) static_cast<void>(hashed.first_use(k));
  for (std::size_t k = 0; k < labels.size(); ++k) {
    if (k + 2 * ahead < labels.size()) table.prefetch_place(hashed.first_use(k + 2 * ahead));
    if (k + ahead < labels.size()) table.prefetch_labels(hashed.at(k + ahead));
    const auto it = table.codes.find(hashed.at(k));
    codes[k] = it != table.codes.end() ? std::optional<std::uint32_t>(*it) : std::nullopt;
  }
}

std::optional<std::uint32_t> dictionary::find(std::string_view label) const {
  if (auto it = m_codes->codes.find(label); it != m_codes->codes.end()) return *it;
  return std::nullopt;
}

}  // namespace cxscore
