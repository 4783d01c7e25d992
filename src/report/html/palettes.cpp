#include "report/html/palettes.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace cxscore::detail::html {

const char* categorical_colour(std::size_t k) noexcept {
  // Okabe & Ito 2008, Color Universal Design: orange, sky blue, bluish green, yellow, blue, vermillion,
  // reddish purple.
  static constexpr std::array<const char*, 7> okabe_ito{"#E69F00", "#56B4E9", "#009E73", "#F0E442",
                                                        "#0072B2", "#D55E00", "#CC79A7"};
  return okabe_ito[k % okabe_ito.size()];
}

namespace {
struct rgb {
  int r, g, b;
};
// ColorBrewer RdBu, 11 classes (Cynthia Brewer, colorbrewer2.org), from red to blue.
constexpr std::array<rgb, 11> rdbu{{{103, 0, 31},
                                    {178, 24, 43},
                                    {214, 96, 77},
                                    {244, 165, 130},
                                    {253, 219, 199},
                                    {247, 247, 247},
                                    {209, 229, 240},
                                    {146, 197, 222},
                                    {67, 147, 195},
                                    {33, 102, 172},
                                    {5, 48, 97}}};
}  // namespace

std::string diverging_colour(double x) {
  if (std::isnan(x)) return "#dddddd";
  const double at = (std::clamp(x, -1.0, 1.0) + 1.0) / 2.0 * static_cast<double>(rdbu.size() - 1);
  const auto k = std::min(static_cast<std::size_t>(at), rdbu.size() - 2);
  const double f = at - static_cast<double>(k);
  auto mix = [f](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
  char text[8];
  std::snprintf(text, sizeof text, "#%02x%02x%02x", mix(rdbu[k].r, rdbu[k + 1].r), mix(rdbu[k].g, rdbu[k + 1].g),
                mix(rdbu[k].b, rdbu[k + 1].b));
  return text;
}

const char* text_colour_on_diverging(double x) noexcept {
  return !std::isnan(x) && std::abs(x) > 0.6 ? "#ffffff" : "#000000";
}

}  // namespace cxscore::detail::html
