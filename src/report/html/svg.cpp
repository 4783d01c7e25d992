#include "report/html/svg.hpp"

#include <charconv>
#include <cmath>

#include "internal/csv_writer.hpp"
#include "internal/finite_output.hpp"

namespace cxscore::detail::html {

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string data_number(double x) {
  std::string out;
  append_number(out, x);
  return out;
}

std::string px(double x) { return fixed_text(std::round(x * 10) / 10, 1); }

std::string shown(double x, int decimals, bool sign) {
  return std::isnan(x) ? std::string(undefined_text) : fixed_text(x, decimals, sign);
}

std::string text_element(double x, double y, std::string_view text, std::string_view anchor,
                         std::string_view css_class) {
  std::string out = "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"";
  if (anchor != "start") out += " text-anchor=\"" + std::string(anchor) + "\"";
  if (!css_class.empty()) out += " class=\"" + std::string(css_class) + "\"";
  return out + ">" + escaped(text) + "</text>";
}

std::string svg_open(double width, double height, std::string_view label, std::string_view css_class) {
  // The xmlns is a name, not a reference: no browser fetches it.
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" class=\"" + std::string(css_class) + "\" width=\"" +
         px(width) + "\" height=\"" + px(height) + "\" viewBox=\"0 0 " + px(width) + " " + px(height) +
         "\" aria-label=\"" + escaped(label) + "\">";
}

}  // namespace cxscore::detail::html
