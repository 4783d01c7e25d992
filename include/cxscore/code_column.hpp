#pragma once
/// A column of codes (touchpoints, dimensions) as the core reads it, stored one of two ways:
///
/// - **wide**: the core's own code, one per row (what the CSV reader, the simulator and an application's
///   buffers hold);
/// - **bytes**: one byte per row and a table of 256 codes, one for each byte value: pandas' categorical
///   codes as they are (int8 codes read as bytes, so the missing code -1 is byte 255), with the table
///   taking each category to the core's code. A DataFrame's category column is then read in place
///   instead of being widened into a new column of four bytes a row: a copy of the events in all but name.
///
/// Every byte value has an entry, so no row can read outside the table; a row whose entry is not a valid
/// code is refused by validate() like any other bad code.
///
/// ```cpp
/// std::vector<std::uint8_t> rows{0, 1, 1, 0};
/// std::array<cxscore::touchpoint_code, 256> table;
/// table.fill(cxscore::code_column<cxscore::touchpoint_code>::byte_table_size);  // invalid everywhere...
/// table[0] = 3, table[1] = 0;                                                    // ...but for two categories
/// auto column = cxscore::code_column<cxscore::touchpoint_code>::of_bytes(rows, table);  // column[1] == 0
/// ```
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace cxscore {

template <class Code>
class code_column {
 public:
  static constexpr std::size_t byte_table_size = 256;

  code_column() = default;
  code_column(std::span<const Code> codes) noexcept : m_codes(codes.data()), m_size(codes.size()) {}     // NOLINT
  code_column(const std::vector<Code>& codes) noexcept : m_codes(codes.data()), m_size(codes.size()) {}  // NOLINT
  code_column(const Code* codes, std::size_t n) noexcept : m_codes(codes), m_size(n) {}

  /// One byte per row and the code of each of the 256 byte values (throws std::invalid_argument for a
  /// table of another size).
  [[nodiscard]] static code_column of_bytes(std::span<const std::uint8_t> bytes, std::span<const Code> table) {
    if (table.size() != byte_table_size)
      throw std::invalid_argument("a byte code column needs a table of 256 codes, not " + std::to_string(table.size()));
    code_column c;
    c.m_bytes = bytes.data();
    c.m_table = table.data();
    c.m_size = bytes.size();
    return c;
  }

  [[nodiscard]] std::size_t size() const noexcept { return m_size; }
  [[nodiscard]] bool empty() const noexcept { return m_size == 0; }
  [[nodiscard]] bool is_bytes() const noexcept { return m_bytes != nullptr; }
  [[nodiscard]] Code operator[](std::size_t i) const noexcept { return m_bytes ? m_table[m_bytes[i]] : m_codes[i]; }

  /// Calls f(code_at) with a reader of row i's code made for how the column is stored, so that a loop
  /// over the rows compiles without operator[]'s check of the storage in every row.
  template <class F>
  decltype(auto) visit(F&& f) const {
    if (m_bytes) return f([bytes = m_bytes, table = m_table](std::size_t i) noexcept { return table[bytes[i]]; });
    return f([codes = m_codes](std::size_t i) noexcept { return codes[i]; });
  }

  /// Where the rows are stored, whichever way.
  [[nodiscard]] const void* data() const noexcept {
    return m_bytes ? static_cast<const void*>(m_bytes) : static_cast<const void*>(m_codes);
  }
  /// The rows as codes (nullptr when stored as bytes).
  [[nodiscard]] const Code* codes() const noexcept { return m_bytes ? nullptr : m_codes; }
  /// The rows as bytes and their table (nullptr when stored wide).
  [[nodiscard]] const std::uint8_t* bytes() const noexcept { return m_bytes; }
  [[nodiscard]] std::span<const Code> byte_table() const noexcept {
    return m_bytes ? std::span<const Code>(m_table, byte_table_size) : std::span<const Code>();
  }

 private:
  const Code* m_codes = nullptr;
  const std::uint8_t* m_bytes = nullptr;
  const Code* m_table = nullptr;
  std::size_t m_size = 0;
};

}  // namespace cxscore
