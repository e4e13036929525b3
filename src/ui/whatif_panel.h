// What if it could not see this? (#19): hiding patches in (a), the occlusion map, comparing two images.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "analysis.h"
#include "occlusion.h"
#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct Snapshot;
struct UiState;

// What-if (#19): the occlusion map of one class, and the brush stroke being drawn in (a).
struct WhatIfView {
  Memo<int, int, int, int, int> key;  // (its original's generation, fill, window, class, runs recorded)
  std::vector<float> map;             // [grid, grid]: drop of the class's probability when hidden
  FloatTexture tex;
  ValueScale scale;
  int cls = -1;
  bool overlay = false;  // (a) shows the occlusion map over the image (instead of the attention)
  bool painting = false;
  uint8_t paint = 1;  // what the stroke sets: 1 hide, 0 show again
  PatchMask stroke;   // the mask while the stroke lasts (committed on release: one run, one undo step)
};

// What-if (whatif_panel.cpp): (a)'s hide/occlusion controls under the image; the brush over the patch grid
// (at p, cells of `cell`); the hidden patches marked there; the occlusion map over the unedited image
// (Analyses, beside the rollout). occlusion_map() brings the cached map up to date (nullptr: none yet).
void draw_whatif_controls(App& app, UiState& ui);
void hide_brush(App& app, UiState& ui, ImVec2 p, float cell);
void draw_hidden_marks(const App& app, const UiState& ui, ImVec2 p, float cell);
void draw_occlusion_picture(App& app, UiState& ui, float side);
const WhatIfView* occlusion_map(const App& app, UiState& ui);
int occlusion_class(const App& app);  // the class the map is for: the highlighted one, else the prediction
// "sample 4", "your drawing"…: which image a run was on (compare labels).
std::string run_name(const App& app, const Snapshot& run);

}  // namespace vitvis
