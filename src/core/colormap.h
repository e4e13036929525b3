// Colour maps shared with shaders/heatmap.frag (legends, tooltips, CPU fallbacks) and value scaling.
#pragma once
#include <array>
#include <cstdint>
#include <span>

namespace vitvis {

// Viridis and cividis (sequential, colour-vision-deficiency friendly; cividis is optimised for it),
// coolwarm (diverging, signed values around 0).
enum class ColorMap { Viridis = 0, CoolWarm = 1, Cividis = 2 };

// t in [0,1] (clamped) -> RGB in [0,1]; identical formulas to the shader.
std::array<float, 3> colormap(ColorMap map, float t);
uint32_t colormap_abgr(ColorMap map, float t, float alpha = 1.f);  // packed like ImGui's IM_COL32

struct ValueScale {
  float lo = 0, hi = 1;
  bool log = false;
  float t(float v) const;  // value -> [0,1], as the shader computes it
  // An end of the legend as it is printed (3 significant digits): on a linear scale a value within
  // 1/1000 of the range's size of 0 reads 0 (softmax's smallest weight is "0", not "5.02e-15").
  float shown(float v) const;
};

// Sequential data: [min, max]. Signed data: symmetric [-m, m] around 0 so white means 0.
ValueScale sequential_scale(std::span<const float> v);
ValueScale diverging_scale(std::span<const float> v);
// Log scale for probabilities: [max(min, max*1e-4), max].
ValueScale log_scale(std::span<const float> v);

}  // namespace vitvis
