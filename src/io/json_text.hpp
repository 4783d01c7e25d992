#pragma once
// The one way cxscore reads JSON text (maps, models) and shows a JSON value in an error message. Private to
// the library: nlohmann/json stays out of the installed headers.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace cxscore::detail {

/// Deepest nesting of arrays and objects accepted; a map needs six levels, a model two.
inline constexpr std::size_t max_json_depth = 256;

/// Parses JSON text. Every failure is an input_error naming `source` and the line and column: a syntax
/// error or invalid UTF-8, nesting deeper than max_json_depth (refused before the parser builds anything, so
/// that no later walk over the value can run out of stack), and a number beyond the range of a double.
[[nodiscard]] nlohmann::json parse_json(std::string_view text, const std::string& source);

/// The value as compact JSON, cut to about `limit` characters with "..." when longer; never deeper in
/// recursion than `limit`, whatever the value's depth.
[[nodiscard]] std::string json_excerpt(const nlohmann::json& value, std::size_t limit = 80);

}  // namespace cxscore::detail
