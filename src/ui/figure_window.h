// "Figure for slides" (#35): one view alone, with its colour bar and a caption saying what it shows,
// at 1x, 2x or 4x, light or dark, as PNG or SVG (drawn by core/figure; the shell has the fonts).
#pragma once

namespace vitvis {

struct App;
struct UiState;

// What the figure shows.
enum class FigureKind : int { Image = 0, Matrix = 1, Overlay = 2, Channel = 3, Classes = 4 };
inline constexpr int kFigureKinds = 5;

struct FigureView {
  bool open = false;
  int kind = int(FigureKind::Matrix);
  int scale = 2;      // 1, 2 or 4
  bool light = true;  // a white background for slides and print
};

void open_figure(UiState& ui, int module);  // a Module, or -1: keep the last choice
void draw_figure_window(App& app, UiState& ui);

}  // namespace vitvis
