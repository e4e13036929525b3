// Figures for slides: the picture's cells have the colour map's colours, every scale is the 1x figure
// enlarged, the theme sets the background, the caption is drawn, and the SVG says the same things.
#include "figure.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

using namespace vitvis;

namespace {

std::vector<uint8_t> read_file(const char* path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

const std::vector<uint8_t>& dejavu() {
  static const std::vector<uint8_t> f = read_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  return f;
}

Figure matrix_figure() {
  Figure f;
  f.title = "Attention, layer 2, head 3";
  f.caption = {"Model: Tiny ViT · image 20: Ankle boot (true class)", "Rows: the token that asks; columns: the token it looks at"};
  f.has_heatmap = true;
  f.heatmap.rows = f.heatmap.cols = 4;
  for (int i = 0; i < 16; ++i) f.heatmap.values.push_back(float(i) / 15.f);
  f.heatmap.scale = {0.f, 1.f, false};
  f.heatmap.scale_label = "attention weight";
  return f;
}

std::array<int, 3> pixel(const FigureRaster& r, int x, int y) {
  const uint8_t* p = &r.rgba[(size_t(y) * size_t(r.width) + size_t(x)) * 4];
  return {p[0], p[1], p[2]};
}

// Pixels in rows [y0, y1) that differ from the background colour at (0, 0).
int ink_in_rows(const FigureRaster& r, int y0, int y1) {
  const auto bg = pixel(r, 0, 0);
  int n = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = 0; x < r.width; ++x) n += pixel(r, x, y) != bg;
  return n;
}

}  // namespace

TEST(Figure, CellsHaveTheColourMapsColours) {
  ASSERT_FALSE(dejavu().empty()) << "fonts-dejavu-core is needed";
  const std::span<const uint8_t> fonts[] = {dejavu()};
  Figure f = matrix_figure();
  FigureRaster r = render_figure(f, 1, true, fonts);
  ASSERT_GT(r.width, 0);
  // 1x: the picture is 360 units square at (20, 48): 4 cells of 90; cell (row 2, col 1) holds 9/15.
  const auto c = pixel(r, 20 + 90 + 45, 48 + 180 + 45);
  const auto want = colormap(ColorMap::Viridis, 9.f / 15.f);
  for (size_t k = 0; k < 3; ++k) EXPECT_NEAR(c[k], want[k] * 255, 1.0) << k;
  // the colour bar beside it runs from the map's top colour to its bottom colour
  const int bar_x = 20 + 360 + 16 + 7;
  const auto top = pixel(r, bar_x, 49), bottom = pixel(r, bar_x, 48 + 359);
  const auto hi = colormap(ColorMap::Viridis, 1.f), lo = colormap(ColorMap::Viridis, 0.f);
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(top[k], hi[k] * 255, 3.0);
    EXPECT_NEAR(bottom[k], lo[k] * 255, 3.0);
  }
}

TEST(Figure, ScalesAreTheSameFigureLargerAndThemesSetTheBackground) {
  const std::span<const uint8_t> fonts[] = {dejavu()};
  Figure f = matrix_figure();
  FigureRaster one = render_figure(f, 1, true, fonts), two = render_figure(f, 2, true, fonts),
               four = render_figure(f, 4, false, fonts);
  ASSERT_GT(one.width, 0);
  EXPECT_EQ(two.width, 2 * one.width);
  EXPECT_EQ(two.height, 2 * one.height);
  EXPECT_EQ(four.width, 4 * one.width);
  EXPECT_EQ(four.height, 4 * one.height);
  EXPECT_EQ(pixel(one, 0, 0), (std::array<int, 3>{255, 255, 255}));  // light: white for slides and print
  EXPECT_EQ(pixel(four, 0, 0), (std::array<int, 3>{27, 29, 34}));     // dark: the app's own background
  // the same cell, 2x further in, has the same colour
  EXPECT_EQ(pixel(one, 20 + 45, 48 + 45), pixel(two, 2 * (20 + 45), 2 * (48 + 45)));
}

TEST(Figure, CaptionAndTitleAreDrawnAndWrapped) {
  const std::span<const uint8_t> fonts[] = {dejavu()};
  Figure f = matrix_figure();
  FigureRaster r = render_figure(f, 1, true, fonts);
  EXPECT_GT(ink_in_rows(r, 0, 44), 200);                        // the title
  EXPECT_GT(ink_in_rows(r, 48 + 360 + 8, r.height), 400);       // the caption under the picture
  Figure longer = f;
  longer.caption.push_back(std::string(40, 'x') + " " + std::string(40, 'y') + " " + std::string(40, 'z'));
  FigureRaster r2 = render_figure(longer, 1, true, fonts);
  EXPECT_EQ(r2.width, r.width);              // a long line wraps rather than widening the figure
  EXPECT_GE(r2.height, r.height + 2 * 18);   // into at least two more lines
  Figure other = f;
  other.caption[0] = "Model: Tiny ViT · image 21: Sneaker (true class)";
  FigureRaster r3 = render_figure(other, 1, true, fonts);
  EXPECT_NE(r3.rgba, r.rgba);  // the words are really drawn
}

TEST(Figure, ImageWithGridAndMarkedPatch) {
  const std::span<const uint8_t> fonts[] = {dejavu()};
  Figure f;
  f.caption = {"patch (2, 1)"};
  f.has_heatmap = true;
  f.heatmap.rows = f.heatmap.cols = 2;
  f.heatmap.image_channels = 1, f.heatmap.image_size = 4;
  f.heatmap.image.assign(16, 0.5f);
  f.heatmap.grid_lines = true;
  f.heatmap.mark_row = 1, f.heatmap.mark_col = 0;
  FigureRaster r = render_figure(f, 2, false, fonts);
  ASSERT_GT(r.width, 0);
  // No title: the picture starts at (20, 20) units; at 2x a cell is 360 px. Grey inside a cell:
  EXPECT_EQ(pixel(r, 40 + 360 + 180, 40 + 180), (std::array<int, 3>{128, 128, 128}));
  // the grid line between the columns is lighter, the marked cell's edge is the accent colour
  EXPECT_GT(pixel(r, 40 + 360, 40 + 100)[0], 160);
  EXPECT_EQ(pixel(r, 40 + 1, 40 + 360 + 100), (std::array<int, 3>{255, 200, 60}));
  EXPECT_EQ(pixel(r, 40 + 1, 40 + 100), (std::array<int, 3>{128, 128, 128}));  // other cells are not marked
  f.heatmap.mark_col = -1;  // the whole row: its right cell's edge is marked too
  FigureRaster row = render_figure(f, 2, false, fonts);
  EXPECT_EQ(pixel(row, 40 + 720 - 2, 40 + 360 + 100), (std::array<int, 3>{255, 200, 60}));
  EXPECT_NE(pixel(r, 40 + 720 - 2, 40 + 360 + 100), (std::array<int, 3>{255, 200, 60}));
}

TEST(Figure, BarsAndSvg) {
  const std::span<const uint8_t> fonts[] = {dejavu()};
  Figure f;
  f.title = "Top classes";
  f.caption = {"Model: \"A & B\" <ViT>"};
  f.bars.labels = {"Ankle boot", "Sneaker", "Sandal"};
  f.bars.values = {0.9f, 0.08f, 0.02f};
  f.bars.value_text = {"90.00 %", "8.00 %", "2.00 %"};
  f.bars.highlight = 0;
  f.bars.highlight_note = "(true class)";
  FigureRaster r = render_figure(f, 1, true, fonts);
  ASSERT_GT(r.width, 0);
  const std::string svg = figure_svg(f, true, fonts);
  ASSERT_EQ(svg.rfind("<svg ", 0), 0u);
  EXPECT_NE(svg.find("Ankle boot (true class)</text>"), std::string::npos);
  EXPECT_NE(svg.find("Model: &quot;A &amp; B&quot; &lt;ViT&gt;"), std::string::npos);  // escaped
  EXPECT_NE(svg.find("width=\"270.0\""), std::string::npos);  // 0.9 of the 300-unit bar, a vector rect
  EXPECT_NE(svg.find("fill=\"#c43414\""), std::string::npos);  // the true class in the accent colour
  EXPECT_EQ(svg.find("<image"), std::string::npos);            // bars only: no picture
  // the heatmap's SVG carries its cells as a picture and the colour bar as a gradient of the map
  const std::string hm = figure_svg(matrix_figure(), false, fonts);
  EXPECT_NE(hm.find("<image "), std::string::npos);
  EXPECT_NE(hm.find("linearGradient"), std::string::npos);
  EXPECT_NE(hm.find(">attention weight</text>"), std::string::npos);
}

TEST(Figure, RefusesWhatItCannotDraw) {
  const std::span<const uint8_t> fonts[] = {dejavu()};
  Figure f = matrix_figure();
  f.heatmap.values.pop_back();  // 15 values for 16 cells
  EXPECT_EQ(render_figure(f, 1, true, fonts).width, 0);
  EXPECT_TRUE(figure_svg(f, true, fonts).empty());
  const std::vector<uint8_t> junk(100, 7);
  const std::span<const uint8_t> bad[] = {junk};
  EXPECT_EQ(render_figure(matrix_figure(), 1, true, bad).width, 0);  // no usable font
  EXPECT_EQ(render_figure(Figure{}, 1, true, fonts).width, 0);
}
