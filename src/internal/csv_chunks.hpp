#pragma once
// Cutting a CSV's records into chunks that parse independently, so that a reader can read on every core, and
// joining the labels the chunks encoded.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "cxscore/dictionary.hpp"
#include "internal/cell_text.hpp"

namespace cxscore::detail {

/// A run of whole records: text[begin, end), the first of them starting on line `line` (1-based), holding
/// `line_feeds` line feeds (so at most line_feeds + 1 records: a reader's reservation).
struct csv_chunk {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t line = 1;
  std::size_t line_feeds = 0;
  friend bool operator==(const csv_chunk&, const csv_chunk&) = default;
};

/// Cuts text[begin, end of text) into at most `count` chunks of about equal size, each ending just after a
/// line feed. A line feed ends a record wherever it stands only when no field is quoted and no line ends in
/// a lone carriage return (csv_reader counts that as a line of its own, and a quoted field may hold either);
/// then the chunks hold exactly the records the whole holds, on the same lines. Otherwise the whole is one
/// chunk. The text is scanned on one thread per chunk, a window at a time when it is `file`'s (paged_pass).
[[nodiscard]] std::vector<csv_chunk> cut_into_chunks(std::string_view text, std::size_t begin, std::size_t line,
                                                     std::size_t count, const mapped_text* file = nullptr);

/// cut_into_chunks of text[begin, end), where `end` follows a line feed; nullopt when a line feed in it may
/// stand inside a record (a quote or a lone carriage return), so that only a reader finds where its records
/// end. How a file is read a window at a time (events_windows.hpp).
[[nodiscard]] std::optional<std::vector<csv_chunk>> cut_window(std::string_view text, std::size_t begin,
                                                               std::size_t end, std::size_t line, std::size_t count,
                                                               const mapped_text* file = nullptr);

/// How many chunks to read `bytes` of records in: `requested` if not 0, else one per core with at least a
/// mebibyte each (below that, starting a thread costs more than it saves).
[[nodiscard]] std::size_t chunk_count(std::size_t bytes, std::size_t requested);

/// The code in `into` of each of `part`'s labels, those `into` lacks added in `part`'s order. Joining the
/// chunks' dictionaries in file order this way gives each label the code of its first appearance in the
/// file. The lookups run on every core (they only read the table); the new labels are added on one.
[[nodiscard]] std::vector<std::uint32_t> join_labels(dictionary& into, const dictionary& part);

}  // namespace cxscore::detail
