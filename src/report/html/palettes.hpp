#pragma once
// The report's colours, chosen to be told apart by readers with colour-vision deficiencies.
#include <cstddef>
#include <string>

namespace cxscore::detail::html {

/// The k-th categorical colour (owners): Okabe & Ito 2008, Color Universal Design (CUD), without its black,
/// which the text uses; the seven repeat beyond seven owners.
[[nodiscard]] const char* categorical_colour(std::size_t k) noexcept;

/// A diverging colour for x in [-1, 1] (clamped): -1 red (unmet), 0 near white, +1 blue (met). ColorBrewer's
/// 11-class RdBu (Brewer, colorbrewer2.org; colour-blind safe), interpolated linearly between its classes.
/// NaN (not measured) = light grey.
[[nodiscard]] std::string diverging_colour(double x);

/// Text colour readable on `diverging_colour(x)`: white on the dark ends, else black.
[[nodiscard]] const char* text_colour_on_diverging(double x) noexcept;

/// Colour of what the report flags (loops, windows beyond noise): Okabe-Ito's vermillion.
inline constexpr const char* flag_colour = "#D55E00";

}  // namespace cxscore::detail::html
