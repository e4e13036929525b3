// "Attention up close": one attention row step by step, and one head through depth.
#pragma once
#include <string>
#include <vector>

#include "analysis.h"
#include "attention_steps.h"
#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/probe.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct UiState;

// "Attention up close" (#9): one attention row step by step, and one head through depth.
struct StepsView {
  bool open = false;
  int tab = 0;                   // 0 = step through one row, 1 = one head through depth
  int step = 0;                  // 0..6
  double changed_at = -1e9;      // drives the slide/fade between steps
  Memo<int, int, int, int> key;  // (generation, layer, head, query) of `s`
  bool ok = false;
  std::string why_not;
  AttentionSteps s;
  FloatTexture row_tex;  // s.weights on the patch grid: where the query looks, over the image
  ValueScale row_scale;
  int hover_key = -1;                   // key token hovered in the table: its cell is outlined in (b)
  bool force_tab = false;               // select `tab` in the tab bar once (opened from a link)
  Memo<int, int, int> depth_key;        // (generation, head, query)
  std::vector<FloatTexture> depth_tex;  // one [N, N] map per layer
  std::vector<std::vector<float>> depth_mats;
  std::vector<RowSummary> depth_rows;  // the selected row, per layer
  ValueScale depth_scale;                // one range for all layers …
  std::vector<ValueScale> depth_scales;  // … or each layer its own (the default: a late layer's weights are
  bool depth_shared = false;             // small and looked empty on the shared range)
  std::vector<FloatTexture> depth_row_tex;    // the selected row of each layer on the patch grid …
  std::vector<ValueScale> depth_row_scales;   // … its own range …
  ValueScale depth_row_scale;                 // … or one for all layers
};

void update_steps(const App& app, UiState& ui);
void draw_steps_window(App& app, UiState& ui, Rect area);  // floats over (c) and (b) when open
constexpr int kStepsRowTab = 0, kStepsDepthTab = 1;        // its two tabs

}  // namespace vitvis
