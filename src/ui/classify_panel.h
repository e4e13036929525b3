// Module (d): the class token to the top classes.
#pragma once
#include <vector>

#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/probe.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct UiState;

// Module (d): the class-token strip and the contributions of its dimensions to the top classes.
struct ClassifyTextures {
  Memo<int> key;                            // (generation)
  std::vector<float> unit;                  // cls_final / max|cls_final|
  FloatTexture strip;                       // [D, 1]
  std::vector<std::vector<float>> contrib;  // per top class: [D]
  bool unfolded = true;
  double toggled_at = -1e9;
  int lines_class = -1;  // the class whose lines are drawn this frame
};
constexpr int kClassLines = 16;  // (d) draws the strongest contributions of one class

void draw_classify_panel(App& app, UiState& ui, Rect area);
// A phone: the top three classes in one line above the module tabs, on every tab (a tap opens (d)).
// Returns the height it takes (0: no result yet).
float draw_phone_prediction(const App& app, UiState& ui, Rect area);

}  // namespace vitvis
