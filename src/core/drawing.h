// The drawing pad's canvas: round anti-aliased brush strokes on a square grey canvas, turned into an
// image the normal preprocessing reads (so a drawing is classified exactly like an uploaded image).
#pragma once
#include <vector>

#include "image.h"

namespace vitvis {

class DrawingCanvas {
 public:
  explicit DrawingCanvas(int size = 112) { reset(size); }
  void reset(int size);  // a blank canvas of size x size
  void clear();
  // A stroke from (x0, y0) to (x1, y1) in canvas pixels with a round brush of `radius` pixels; the
  // edge is anti-aliased over one pixel. Ink only accumulates (max), so strokes never erase.
  void stroke(float x0, float y0, float x1, float y1, float radius);
  int size() const { return size_; }
  const std::vector<float>& ink() const { return ink_; }  // [size, size] in [0, 1]
  bool empty() const;
  // Ink as light on dark (invert = false: white ink on black, like MNIST) or dark on light.
  RgbaImage to_image(bool invert) const;

 private:
  int size_ = 0;
  std::vector<float> ink_;
};

}  // namespace vitvis
