// "Watch a ViT learn" (#37): the Training window. Settings, start / pause / one step, the learning curves,
// and what the model has learned so far: where the class token looks in each head (over a held-out
// image), how alike the position codes are, the heads' pattern counts. Drawn from app.training.
#pragma once
#include <vector>

#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct UiState;

struct TrainingView {
  bool open = false;
  int layer = -1;                        // the layer whose heads are shown (-1: the last)
  int looking = -1;                      // the timeline: the history's snapshot shown (-1: the latest)
  Memo<int, int, int> key;               // (snapshot generation, layer, looking) of the textures
  Texture probe;                         // the held-out image the heads are shown on
  std::vector<FloatTexture> heads;       // the class token's attention over the patches, one per head
  std::vector<float> head_highs;         // each head's largest weight (its own colour range)
  FloatTexture pos;  // [P·g, P·g]: tile (i) = patch i's position code compared with every other
};

void draw_training_window(App& app, UiState& ui);

}  // namespace vitvis
