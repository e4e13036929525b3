// Figures for slides and print (#35): one view's picture alone, with its colour bar and a caption that
// says what it shows (model, image, true class, layer, head, patch), drawn here rather than read back
// from the screen, so it has no menus or buttons, any resolution (1x, 2x, 4x) and a light or dark
// background. The same layout is written as PNG pixels or as SVG (bars, colour bar and text as vectors;
// a heatmap as its cells).
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "colormap.h"

namespace vitvis {

// A grid of values coloured through a colour map, optionally over an image.
struct FigureHeatmap {
  int rows = 0, cols = 0;
  std::vector<float> values;  // [rows, cols]; empty: the image alone (with the patch grid when grid_lines)
  ColorMap map = ColorMap::Viridis;
  ValueScale scale;
  std::string scale_label;  // said over the colour bar: "attention weight"
  // An image under the cells: RGB in [0,1], [3, size, size] or [1, size, size] (grey).
  int image_channels = 0, image_size = 0;
  std::vector<float> image;
  float alpha = 1.f;        // the cells' opacity over the image
  bool grid_lines = false;  // lines between the cells (the patch grid)
  int mark_row = -1, mark_col = -1;  // one cell outlined (the selected patch); mark_col -1: the whole row
};

// Horizontal bars, one per row, largest first as given (the top classes).
struct FigureBars {
  std::vector<std::string> labels;
  std::vector<float> values;  // in [0, 1]
  std::vector<std::string> value_text;  // "89.96 %"
  int highlight = -1;  // the row drawn in the accent colour (the true class)
  std::string highlight_note;  // after its label: "(true class)"
};

struct Figure {
  std::string title;
  std::vector<std::string> caption;  // lines under the picture (wrapped to the figure's width)
  bool has_heatmap = false;
  FigureHeatmap heatmap;
  FigureBars bars;
};

struct FigureRaster {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // [height, width, 4]
};

// `fonts`: TrueType files tried in order for each character (Latin first, then CJK); a character that
// none has is left out. scale 1..4. An empty figure or no usable font gives an empty raster.
FigureRaster render_figure(const Figure& f, int scale, bool light, std::span<const std::span<const uint8_t>> fonts);
// The same layout at scale 1 in SVG user units (text in the reader's sans-serif font); widths of text
// are measured with `fonts` so labels line up.
std::string figure_svg(const Figure& f, bool light, std::span<const std::span<const uint8_t>> fonts);

}  // namespace vitvis
