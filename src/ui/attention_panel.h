// Module (b): multi-head self-attention per layer and head, linked back to the image.
#pragma once
#include <vector>

#include "analysis.h"
#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/probe.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct UiState;

// GPU copies of what the attention views show, re-uploaded only when their key changes.
struct AttentionTextures {
  Memo<int, int, int, int> key;  // (generation, layer, head, generation compared with or -1)
  std::vector<float> matrix;     // [N, N] currently shown
  std::vector<float> change;     // [N, N] matrix minus the reference run's (empty: not compared)
  Memo<int, int, int> a_key;     // (generation of image A, layer, head) when comparing two images
  std::vector<float> a_matrix;   // [N, N] image A's
  FloatTexture a_tex;
  FloatTexture matrix_tex;
  Memo<int, int> heads_key;         // (generation, layer)
  std::vector<FloatTexture> heads;  // small multiples, one per head
  ValueScale heads_scale;
  Memo<int, int, int, int> overlay_key;  // (generation, layer, head, token)
  std::vector<float> overlay;            // [grid, grid] attention of the selected token to each patch
  FloatTexture overlay_tex;
  bool log_scale = false;
  bool show_overlay = true;
};

void draw_attention_panel(App& app, UiState& ui, Rect area);
// Keeps the attention textures in step with the result and selection (call before drawing views).
void update_attention_textures(const App& app, UiState& ui);

}  // namespace vitvis
