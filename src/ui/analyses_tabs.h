// What the Analyses tabs share (for analyses_*.cpp only): each tab's prepare and draw, and small helpers.
#pragma once
#include <tuple>

#include "ui/analyses.h"
#include "ui/heatmap.h"
#include "ui/memo.h"

namespace vitvis {

struct App;
struct UiState;

int shown_generation(const App& app);
// Whether a cache keyed (generation, …) holds the shown snapshot's analysis (a parameter changed this
// frame is picked up by the next prepare; the picture of the last one stays meanwhile).
template <class... Parts>
bool computed_for(const Memo<int, Parts...>& key, int generation) {
  return key.key() && std::get<0>(*key.key()) == generation;
}
// Said for the one frame a tab is drawn before its analysis is computed (a new tab, a new result).
void not_ready(UiState& ui);
// An image the size of the input with a [grid, grid] map over it.
void map_over_image(const App& app, UiState& ui, const FloatTexture& tex, const ValueScale& sc, float side,
                    float alpha);
void explain(const char* text);

void prepare_patterns(const App& app, UiState& ui);
void draw_patterns(App& app, UiState& ui, float width);
void prepare_rollout(const App& app, UiState& ui);
void draw_rollout(App& app, UiState& ui, float width);
void prepare_distance(const App& app, UiState& ui);
void draw_distance(App& app, UiState& ui, float width);
void prepare_position(const App& app, UiState& ui);
void draw_position(App& app, UiState& ui, float width);
void prepare_filters(const App& app, UiState& ui);
void draw_filters(App& app, UiState& ui, float width);
void prepare_token_pca(const App& app, UiState& ui);
void draw_token_pca(App& app, UiState& ui, float width);
void prepare_logit_lens(const App& app, UiState& ui);
void draw_logit_lens(App& app, UiState& ui, float width);
void prepare_norms(const App& app, UiState& ui);
void draw_norms(App& app, UiState& ui, float width);
// The selected layer's head patterns (for (b)), or every layer's (the patterns tab).
void prepare_layer_patterns(const App& app, UiState& ui, int first, int last);

}  // namespace vitvis
