#pragma once
// What every chart of the HTML report writes the same way: escaped text, numbers for the eye and numbers
// for machines (data-* attributes in the CSV outputs' shortest round-trip form, so a test reads back the
// very double the CSV holds).
#include <string>
#include <string_view>

namespace cxscore::detail::html {

/// `text` with &, <, >, " and ' escaped: safe in element text and in attribute values.
[[nodiscard]] std::string escaped(std::string_view text);

/// `x` as the CSV outputs write it (shortest round trip); NaN = "" (undefined, an empty cell there).
[[nodiscard]] std::string data_number(double x);

/// A coordinate or length, to a tenth of a pixel.
[[nodiscard]] std::string px(double x);

/// `x` with `decimals` digits, "n/a" for NaN: numbers for the eye.
[[nodiscard]] std::string shown(double x, int decimals, bool sign = false);

/// `<text>` at (x, y) with the given anchor and class.
[[nodiscard]] std::string text_element(double x, double y, std::string_view text, std::string_view anchor = "start",
                                       std::string_view css_class = "");

/// The opening `<svg>` tag of a chart `width` × `height` px: role img, the aria-label, a viewBox.
[[nodiscard]] std::string svg_open(double width, double height, std::string_view label, std::string_view css_class);

}  // namespace cxscore::detail::html
