// The views: each draws one module from App (read-only but for the selection) and records the
// screen rectangles tests need (in CSS pixels).
#pragma once
#include <string>
#include <vector>

#include "app.h"
#include "ui/heatmap.h"

namespace vitvis {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct UiLayout {
  Rect image;                    // the input image with its patch grid
  std::vector<Rect> thumbs;      // sample thumbnails
  std::vector<Rect> top_rows;    // prediction rows, top-1 first
  Rect model_combo;
  Rect attention;                // the N x N matrix heatmap
  std::vector<Rect> layer_buttons, head_buttons, head_thumbs;
};

// GPU copies of what the attention views show, re-uploaded only when their key changes.
struct AttentionTextures {
  long long key = -1;          // (inference, layer, head)
  std::vector<float> matrix;   // [N, N] currently shown
  FloatTexture matrix_tex;
  long long heads_key = -1;    // (inference, layer)
  std::vector<FloatTexture> heads;  // small multiples, one per head
  ValueScale heads_scale;
  long long overlay_key = -1;  // (inference, layer, head, token)
  std::vector<float> overlay;  // [grid, grid] attention of the selected token to each patch
  FloatTexture overlay_tex;
  bool log_scale = false;
  bool show_overlay = true;
};

struct UiState {
  float ui_scale = 1.0f;
  UiLayout layout;
  AttentionTextures attn;
};

void draw_top_bar(App& app, UiState& ui, Rect area);
void draw_image_panel(App& app, UiState& ui, Rect area);
void draw_classify_panel(App& app, UiState& ui, Rect area);
void draw_attention_panel(App& app, UiState& ui, Rect area);
// Keeps the attention textures in step with the result and selection (call before drawing views).
void update_attention_textures(const App& app, UiState& ui);
void draw_model_card(App& app, UiState& ui, Rect area);
void draw_status_bar(App& app, UiState& ui, Rect area);

// Places the panels for a window of w x h CSS pixels and draws them.
void draw_ui(App& app, UiState& ui, float w, float h);

// Fonts and colours; `scale` = UI scale x device pixel ratio (glyphs rasterized at that size).
void apply_theme(float ui_scale);
bool load_fonts(const std::vector<unsigned char>& ttf, float pixel_scale, float ui_scale);

}  // namespace vitvis
