#pragma once
// Mapping in a column's reserved memory ahead of the rows that will fill it.
#include <algorithm>
#include <cstddef>
#include <vector>

namespace cxscore::detail {

/// Maps in (and zeroes) the whole pages of [from, to), as writing them would, in one call into the kernel
/// (MADV_POPULATE_WRITE, Linux 5.14 and later; elsewhere, and where the kernel refuses, it does nothing and the
/// first writes fault the pages in as usual). Whether it is done never changes what the memory holds afterwards.
void populate_pages(void* from, void* to) noexcept;

/// populate_pages() of `column`'s room for rows up to `rows` (within its capacity) beyond its size: the rows
/// appended later write to mapped memory. For a reader that finishes its chunk while another chunk is still being
/// read: the faults it takes now overlap that reading, where the appending of the other chunk's rows would take them
/// on one core after it. The memory then counts as resident although no row may come to fill it (a lenient read
/// refusing rows).
template <class T>
void populate_room(std::vector<T>& column, std::size_t rows) noexcept {
  if (rows > column.size())
    populate_pages(column.data() + column.size(), column.data() + std::min(rows, column.capacity()));
}

}  // namespace cxscore::detail
