#include "internal/csv_columns.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <string_view>

#include "cxscore/detail/parallel_blocks.hpp"
#include "cxscore/io/rejected_row.hpp"
#include "internal/cell_text.hpp"
#include "internal/csv_chunks.hpp"
#include "internal/csv_header.hpp"
#include "internal/csv_reader.hpp"
#include "internal/csv_rows.hpp"
#include "internal/paged_pass.hpp"
#include "internal/progress_meter.hpp"

namespace cxscore::detail {

namespace {

/// A label column's cells of the last records, encoded a batch at a time (dictionary::encode_all: the
/// lookups' cache misses overlap).
class label_batch {
 public:
  /// Adds the cell of the record just read; encodes the batch when it is full, or at once when the cell is
  /// not a view of the text (a quoted field that held doubled quotes, valid only until the next record).
  void add(std::string_view cell, const csv_reader& reader, csv_column& column) {
    column.codes.push_back(0);
    m_cells.push_back(cell);
    if (m_cells.size() == size || !reader.in_text(cell)) flush(column);
  }
  void flush(csv_column& column) {
    column.labels.encode_all(m_cells, std::span(column.codes).last(m_cells.size()));
    m_cells.clear();
  }

 private:
  static constexpr std::size_t size = 1024;
  std::vector<std::string_view> m_cells;
};

/// How a chunk is reading a column: as its type, or not at all until a second pass reads it as labels
/// (it met a cell its type cannot hold after cells that only that type can).
enum class reading { number, time, label, again_as_labels };

/// Reads the chunks of one file.
class chunk_reader {
 public:
  /// `meter` (if any) hears of the first reading of each chunk (not of a column read again as labels).
  chunk_reader(std::string_view text, const csv_reader& header_reader, const csv_header& header,
               const mapped_text* file, progress_meter* meter = nullptr)
      : m_text(text), m_header_reader(header_reader), m_header(header), m_file(file), m_meter(meter) {}

  /// The chunk's columns, of the types wanted where every cell fits, else of labels.
  [[nodiscard]] std::vector<csv_column> read(const csv_chunk& chunk, const std::vector<column_type>& wanted) const {
    std::vector<csv_column> columns(wanted.size());
    std::vector<reading> how(wanted.size());
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      columns[k].type = wanted[k];
      how[k] = wanted[k] == column_type::time    ? reading::time
               : wanted[k] == column_type::label ? reading::label
                                                 : reading::number;
    }
    std::vector<label_batch> batches(wanted.size());
    each_record(chunk, m_meter, [&](const csv_reader& reader, const std::vector<std::string_view>& fields) {
      for (std::size_t k = 0; k < fields.size(); ++k) {
        csv_column& column = columns[k];
        switch (how[k]) {
          case reading::label: batches[k].add(fields[k], reader, column); break;
          case reading::time:
            if (const auto ns = iso8601_nanoseconds(fields[k])) {
              column.nanoseconds.push_back(*ns);
              break;
            }
            if (!column.nanoseconds.empty()) {  // ISO cells before: the column is text
              how[k] = reading::again_as_labels;
              break;
            }
            how[k] = reading::number;  // no time yet: perhaps epoch seconds
            column.type = column_type::number;
            [[fallthrough]];
          case reading::number: {
            double x = std::numeric_limits<double>::quiet_NaN();
            if (trim(fields[k]).empty() || parse_double(fields[k], x))
              column.numbers.push_back(x);
            else
              how[k] = reading::again_as_labels;
            break;
          }
          case reading::again_as_labels: break;
        }
      }
    });
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < wanted.size(); ++k) {
      if (how[k] == reading::label) batches[k].flush(columns[k]);
      if (how[k] == reading::again_as_labels) again.push_back(k);
    }
    read_as_labels(chunk, again, columns);
    return columns;
  }

  /// Reads `which` of the chunk's columns again, as labels.
  void read_as_labels(const csv_chunk& chunk, const std::vector<std::size_t>& which,
                      std::vector<csv_column>& columns) const {
    if (which.empty()) return;
    for (const std::size_t k : which) {
      columns[k] = csv_column{};
      columns[k].type = column_type::label;
    }
    std::vector<label_batch> batches(which.size());
    each_record(chunk, nullptr, [&](const csv_reader& reader, const std::vector<std::string_view>& fields) {
      for (std::size_t j = 0; j < which.size(); ++j) batches[j].add(fields[which[j]], reader, columns[which[j]]);
    });
    for (std::size_t j = 0; j < which.size(); ++j) batches[j].flush(columns[which[j]]);
  }

 private:
  /// Calls on_record(reader, fields) for each record of the chunk, telling `meter` (if any) how far it is; a
  /// record with another field count than the header's is refused, naming its row.
  template <class OnRecord>
  void each_record(const csv_chunk& chunk, progress_meter* meter, OnRecord&& on_record) const {
    csv_reader reader(m_text.substr(0, chunk.end), m_header_reader.source(), false, m_header_reader.delimiter());
    reader.seek(chunk.begin, chunk.line);
    reader.set_column_names(m_header.names());
    paged_pass pass(m_file, chunk.begin, chunk.end);
    std::vector<rejected_row> strict;  // stays empty: the first bad record throws
    chunk_progress progress(meter, chunk.begin);
    std::size_t records = 0;
    for_each_row(reader, m_header, false, strict, [&](const std::vector<std::string_view>& fields, std::size_t) {
      pass.at(reader.offset());
      on_record(reader, fields);
      progress.at(reader.offset(), ++records);
    });
    progress.report(reader.offset(), records);
  }

  std::string_view m_text;
  const csv_reader& m_header_reader;
  const csv_header& m_header;
  const mapped_text* m_file;
  progress_meter* m_meter;
};

/// The type of a column read in chunks: the one every chunk that has records read it as, labels otherwise.
column_type joined_type(const std::vector<std::vector<csv_column>>& chunks, std::size_t k) {
  std::optional<column_type> type;
  for (const auto& columns : chunks) {
    const csv_column& c = columns[k];
    if (c.cells() == 0) continue;
    if (type && *type != c.type) return column_type::label;
    type = c.type;
  }
  return type.value_or(chunks.front()[k].type);
}

/// Appends `part`'s cells to `to` (a column of the same type), the labels' codes turned into `to`'s.
void append(csv_column& to, csv_column& part) {
  switch (to.type) {
    case column_type::number: to.numbers.insert(to.numbers.end(), part.numbers.begin(), part.numbers.end()); break;
    case column_type::time:
      to.nanoseconds.insert(to.nanoseconds.end(), part.nanoseconds.begin(), part.nanoseconds.end());
      break;
    case column_type::label: {
      const std::vector<std::uint32_t> code = join_labels(to.labels, part.labels);
      std::transform(part.codes.begin(), part.codes.end(), std::back_inserter(to.codes),
                     [&](std::uint32_t c) { return code[c]; });
      break;
    }
  }
  part = {};
}

std::vector<csv_column> read_columns(std::string_view text, const std::string& source,
                                     const csv_columns_request& request, const mapped_text* file) {
  csv_reader header_reader(text, source, false, request.separator);
  const std::map<std::string, std::string> no_renames;
  const csv_header header(header_reader, no_renames);
  std::vector<column_type> wanted(header.size(), column_type::number);
  for (std::size_t k = 0; k < header.size(); ++k) {
    const std::string& name = header.names()[k];
    if (std::find(request.labels.begin(), request.labels.end(), name) != request.labels.end())
      wanted[k] = column_type::label;
    else if (name == request.time)
      wanted[k] = column_type::time;
  }
  const auto chunks = cut_into_chunks(text, header_reader.offset(), header_reader.line(),
                                      chunk_count(text.size() - header_reader.offset(), request.chunks), file);
  progress_meter meter(request.progress, text.size(), header_reader.offset());
  const chunk_reader reader(text, header_reader, header, file, &meter);
  std::vector<std::vector<csv_column>> parts(chunks.size());
  parallel_blocks(thread_count(0), chunks.size(), [&](std::size_t k) { parts[k] = reader.read(chunks[k], wanted); });
  meter.finish();
  // A column some chunks read as numbers or times and others as labels is read as labels in all of them. A
  // chunk without records (blank lines only) holds no cell to read again: its columns take the joined types.
  std::vector<column_type> joined(header.size());
  for (std::size_t k = 0; k < header.size(); ++k) joined[k] = joined_type(parts, k);
  parallel_blocks(thread_count(0), chunks.size(), [&](std::size_t c) {
    std::vector<std::size_t> again;
    for (std::size_t k = 0; k < header.size(); ++k) {
      if (parts[c][k].type == joined[k]) continue;
      if (parts[c][k].cells() == 0)
        parts[c][k].type = joined[k];
      else
        again.push_back(k);
    }
    reader.read_as_labels(chunks[c], again, parts[c]);
  });
  std::vector<csv_column> out = std::move(parts.front());
  for (std::size_t c = 1; c < parts.size(); ++c)
    for (std::size_t k = 0; k < out.size(); ++k) append(out[k], parts[c][k]);
  for (std::size_t k = 0; k < out.size(); ++k) out[k].name = header.names()[k];
  return out;
}

}  // namespace

std::vector<csv_column> parse_csv_columns(std::string_view text, const std::string& source,
                                          const csv_columns_request& request) {
  return read_columns(text, source, request, nullptr);
}

std::vector<csv_column> read_csv_columns(const std::string& path, const csv_columns_request& request) {
  const mapped_text file(path);
  return read_columns(file.text(), path, request, &file);
}

}  // namespace cxscore::detail
