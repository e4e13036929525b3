// Viridis (polynomial fit), cividis (17 samples of matplotlib's table, piecewise linear) and coolwarm
// (5-point piecewise linear), exactly as in the shader.
#include "colormap.h"

#include <algorithm>
#include <cmath>

namespace vitvis {

std::array<float, 3> colormap(ColorMap map, float t) {
  t = std::clamp(std::isfinite(t) ? t : 0.f, 0.f, 1.f);
  std::array<float, 3> c{};
  if (map == ColorMap::Viridis) {
    static const double k[7][3] = {{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                                   {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                                   {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                                   {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                                   {6.228269936347081, 14.17993336680509, 56.69055260068105},
                                   {4.776384997670288, -13.74514537774601, -65.35303263337234},
                                   {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
    for (int ch = 0; ch < 3; ++ch) {
      double v = k[6][ch];
      for (int i = 5; i >= 0; --i) v = k[i][ch] + t * v;
      c[size_t(ch)] = float(std::clamp(v, 0.0, 1.0));
    }
    return c;
  }
  if (map == ColorMap::Cividis) {
    static const float k[17][3] = {
        {0.0000f, 0.1351f, 0.3048f}, {0.0000f, 0.1788f, 0.4148f}, {0.1034f, 0.2204f, 0.4358f},
        {0.1951f, 0.2644f, 0.4259f}, {0.2637f, 0.3078f, 0.4228f}, {0.3242f, 0.3513f, 0.4263f},
        {0.3808f, 0.3952f, 0.4357f}, {0.4352f, 0.4398f, 0.4511f}, {0.4887f, 0.4853f, 0.4710f},
        {0.5441f, 0.5289f, 0.4719f}, {0.6052f, 0.5768f, 0.4644f}, {0.6680f, 0.6262f, 0.4493f},
        {0.7324f, 0.6774f, 0.4257f}, {0.7985f, 0.7306f, 0.3926f}, {0.8664f, 0.7860f, 0.3466f},
        {0.9367f, 0.8438f, 0.2809f}, {0.9957f, 0.9093f, 0.2178f}};
    const float s = t * 16.f;
    const int i = std::min(int(s), 15);
    const float f = s - float(i);
    for (int ch = 0; ch < 3; ++ch) c[size_t(ch)] = k[i][ch] + (k[i + 1][ch] - k[i][ch]) * f;
    return c;
  }
  static const float k[5][3] = {{0.230f, 0.299f, 0.754f},
                                {0.552f, 0.690f, 0.996f},
                                {0.865f, 0.865f, 0.865f},
                                {0.958f, 0.604f, 0.482f},
                                {0.706f, 0.016f, 0.150f}};
  float s = t * 4.f;
  int i = std::min(int(s), 3);
  float f = s - float(i);
  for (int ch = 0; ch < 3; ++ch) c[size_t(ch)] = k[i][ch] + (k[i + 1][ch] - k[i][ch]) * f;
  return c;
}

uint32_t colormap_abgr(ColorMap map, float t, float alpha) {
  auto c = colormap(map, t);
  auto b = [](float v) { return uint32_t(std::lround(std::clamp(v, 0.f, 1.f) * 255.f)); };
  return b(c[0]) | (b(c[1]) << 8) | (b(c[2]) << 16) | (b(alpha) << 24);
}

float ValueScale::t(float v) const {
  float r;
  if (log)
    r = std::log(std::max(v, lo) / lo) / std::log(hi / lo);
  else
    r = (v - lo) / (hi - lo);
  return std::clamp(std::isfinite(r) ? r : 0.f, 0.f, 1.f);
}

float ValueScale::shown(float v) const {
  if (!log && std::fabs(v) < 1e-3f * std::max(std::fabs(lo), std::fabs(hi))) return 0.f;
  return v;
}

ValueScale sequential_scale(std::span<const float> v) {
  if (v.empty()) return {};
  auto [mn, mx] = std::minmax_element(v.begin(), v.end());
  ValueScale s{*mn, *mx, false};
  if (!(s.hi > s.lo)) s.hi = s.lo + 1e-6f;
  return s;
}

ValueScale diverging_scale(std::span<const float> v) {
  float m = 0;
  for (float x : v) m = std::max(m, std::abs(x));
  if (!(m > 0)) m = 1e-6f;
  return {-m, m, false};
}

ValueScale log_scale(std::span<const float> v) {
  float mx = 0, mn = INFINITY;
  for (float x : v) {
    mx = std::max(mx, x);
    if (x > 0) mn = std::min(mn, x);
  }
  if (!(mx > 0)) return {1e-6f, 1.f, true};
  float lo = std::max(mn, mx * 1e-4f);
  if (!(mx > lo)) lo = mx * 0.5f;
  return {lo, mx, true};
}

}  // namespace vitvis
