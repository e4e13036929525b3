// Module (a)'s detail: the selected patch's pixels, the vector the projection reads and its embedding.
#pragma once
#include <vector>

#include "analysis.h"
#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct UiState;

// Module (a): the selected patch's flattened pixels and embedding.
struct PatchTextures {
  Memo<int, int> key;            // (generation, token)
  std::vector<float> pixels;     // [C*p*p]
  std::vector<float> embedding;  // [D]
  FloatTexture pixels_tex, embedding_tex;
  ValueScale embedding_scale;
};

void draw_patch_detail(App& app, UiState& ui);
void update_patch_textures(const App& app, UiState& ui);

}  // namespace vitvis
