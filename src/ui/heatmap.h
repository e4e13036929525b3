// Heatmaps as R32F textures colour-mapped in shaders/heatmap.frag, drawn inside ImGui via callbacks;
// plus the colour legend widget. Textures are uploaded when data changes, never per frame.
#pragma once
#include <imgui.h>

#include <span>

#include "colormap.h"

namespace vitvis {

class FloatTexture {
 public:
  FloatTexture() = default;
  FloatTexture(const FloatTexture&) = delete;
  FloatTexture& operator=(const FloatTexture&) = delete;
  ~FloatTexture();
  // values [h, w] row-major; row 0 is drawn at the top.
  void upload(int w, int h, std::span<const float> values);
  bool valid() const { return id_ != 0; }
  unsigned id() const { return id_; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  unsigned id_ = 0;
  int w_ = 0, h_ = 0;
};

// Queues the heatmap into the current window's draw list at [p0, p1] (screen coordinates).
void draw_heatmap(const FloatTexture& tex, ImVec2 p0, ImVec2 p1, ColorMap map, const ValueScale& scale,
                  float alpha = 1.f, ImVec4 uv = ImVec4(0, 0, 1, 1));

// A horizontal colour bar with its end values (and the midpoint) written under it.
void draw_legend(ColorMap map, const ValueScale& scale, float width, const char* caption);
// The same on one line (low value, bar, high value) where room is short, after the last item when it
// fits there; the caption is its tooltip.
void draw_legend_inline(ColorMap map, const ValueScale& scale, float bar_width, const char* caption);

// Call once per frame before building the UI (recycles the per-frame draw records).
void heatmap_new_frame();

}  // namespace vitvis
