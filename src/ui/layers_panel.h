// Module (c): every layer's patch tokens as channel maps, and one channel through all layers.
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

// Module (c): one atlas texture of all channel maps of the shown hidden state, and one channel
// across all hidden states.
struct LayerTextures {
  Memo<int, int, int, int, bool> key;  // (generation, hidden, sort, generation compared with or -1, all_layers)
  bool change = false;                 // the maps show the edited run minus the unedited one (#19)
  bool all_layers = false;             // one colour range for every layer's maps (else this layer's own)
  ChannelStats stats;
  std::vector<int> order;  // channel shown in tile i
  ChannelAtlas atlas;
  FloatTexture atlas_tex;
  ValueScale scale;                   // symmetric, shared by all maps of this hidden state (or of all)
  int sort = 0;                       // ChannelOrder
  Memo<int, int, int> compare_key;    // (generation, channel, generation compared with or -1)
  std::vector<FloatTexture> compare;  // channel maps of hidden_0 .. hidden_L
  std::vector<std::vector<float>> compare_values;
  ValueScale compare_scale;
  Memo<int, int> a_key;                 // (generation of image A, channel) when comparing two images
  std::vector<FloatTexture> a_compare;  // image A's channel through the layers
  std::vector<std::vector<float>> a_values;
};

void draw_layers_panel(App& app, UiState& ui, Rect area);
void update_layer_textures(const App& app, UiState& ui);

}  // namespace vitvis
