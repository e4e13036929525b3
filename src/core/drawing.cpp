// Drawing pad canvas: distance-to-segment coverage for a round brush.
#include "drawing.h"

#include <algorithm>
#include <cmath>

namespace vitvis {

void DrawingCanvas::reset(int size) {
  size_ = std::clamp(size, 8, 1024);
  ink_.assign(size_t(size_) * size_, 0.f);
}

void DrawingCanvas::clear() { std::fill(ink_.begin(), ink_.end(), 0.f); }

bool DrawingCanvas::empty() const {
  return std::all_of(ink_.begin(), ink_.end(), [](float v) { return v == 0.f; });
}

void DrawingCanvas::stroke(float x0, float y0, float x1, float y1, float radius) {
  radius = std::clamp(radius, 0.5f, float(size_));
  const int lo_x = std::max(0, int(std::floor(std::min(x0, x1) - radius - 1)));
  const int hi_x = std::min(size_ - 1, int(std::ceil(std::max(x0, x1) + radius + 1)));
  const int lo_y = std::max(0, int(std::floor(std::min(y0, y1) - radius - 1)));
  const int hi_y = std::min(size_ - 1, int(std::ceil(std::max(y0, y1) + radius + 1)));
  const float dx = x1 - x0, dy = y1 - y0, len2 = dx * dx + dy * dy;
  for (int y = lo_y; y <= hi_y; ++y)
    for (int x = lo_x; x <= hi_x; ++x) {
      // distance from the pixel centre to the segment
      const float px = float(x) + 0.5f - x0, py = float(y) + 0.5f - y0;
      const float t = len2 > 0 ? std::clamp((px * dx + py * dy) / len2, 0.f, 1.f) : 0.f;
      const float ex = px - t * dx, ey = py - t * dy;
      const float cover = std::clamp(radius + 0.5f - std::sqrt(ex * ex + ey * ey), 0.f, 1.f);
      float& v = ink_[size_t(y) * size_ + x];
      v = std::max(v, cover);
    }
}

RgbaImage DrawingCanvas::to_image(bool invert) const {
  RgbaImage img;
  img.width = img.height = size_;
  img.pixels.resize(size_t(size_) * size_ * 4);
  for (size_t i = 0; i < ink_.size(); ++i) {
    const float v = invert ? 1.f - ink_[i] : ink_[i];
    const auto g = uint8_t(std::lround(std::clamp(v, 0.f, 1.f) * 255.f));
    img.pixels[i * 4 + 0] = img.pixels[i * 4 + 1] = img.pixels[i * 4 + 2] = g;
    img.pixels[i * 4 + 3] = 255;
  }
  return img;
}

}  // namespace vitvis
