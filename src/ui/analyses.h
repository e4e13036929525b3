// The Analyses window: eight views of attention and representations, computed in src/core/insights.cpp.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "analysis.h"
#include "insights.h"
#include "ui/heatmap.h"
#include "ui/memo.h"
#include "ui/probe.h"
#include "ui/texture.h"

namespace vitvis {

struct App;
struct UiState;

// The analyses window's cached results: filled before the frame is drawn (prepare_analyses), once per
// snapshot and parameters; the tabs only draw them.
struct InsightsView {
  int computed = 0;  // analyses computed so far (the probe's analyses_computed: a frame that only draws adds none)
  Memo<int> patterns_key;               // (generation)
  std::vector<PatternScores> patterns;  // [L * H], layer-major
  std::vector<char> patterns_done;      // [L]: that layer's heads are in patterns
  int patterns_generation = -1;         // the snapshot they belong to (its generation)
  int fusion = 0;                       // HeadFusion
  float discard = 0.f;
  Memo<int, int, float, int> rollout_key;  // (generation, fusion, discard, layer)
  std::vector<float> rollout_map;          // [grid, grid]
  FloatTexture rollout_tex;
  Memo<int> dist_key;
  std::vector<std::vector<float>> dist;  // [L][H] pixels
  Memo<int> pos_key;
  std::vector<float> pos_atlas;  // [grid², grid²]
  FloatTexture pos_tex;
  Memo<int> pca_key;
  FilterPca pca;
  std::vector<Texture> pca_tex;
  Memo<int, int> tok_key;  // (generation, hidden)
  TokenPca tok;
  Texture tok_tex;
  Memo<int> lens_key;
  std::vector<std::vector<ClassScore>> lens;
  Memo<int, int> norms_key;  // (generation, hidden)
  TokenNorms norms;
};

// One tab of the window: its name (in the UI's language), what it computes before the frame (its cache in
// InsightsView) and how it draws that. The window shows them in this order (analyses_window.cpp).
struct AnalysisTab {
  const char* (*name)();
  void (*prepare)(const App& app, UiState& ui);
  void (*draw)(App& app, UiState& ui, float width);
};
inline constexpr int kAnalysisTabCount = 8;
extern const AnalysisTab kAnalysisTabs[kAnalysisTabCount];
inline constexpr int kRolloutTab = 1, kLogitLensTab = 6;  // tabs other views open
// Brings the caches up to date for the tab shown and for (b)'s head patterns (the shell calls it
// through prepare_views, before drawing).
void prepare_analyses(const App& app, UiState& ui);
void draw_insights_window(App& app, UiState& ui, Rect area);
// The pattern scores of `layer`'s heads in the shown snapshot ([H]), empty until prepare_analyses has
// computed them (it does for the selected layer, for (b)'s thumbnails).
std::span<const PatternScores> head_patterns(const App& app, const UiState& ui, int layer);
const char* pattern_symbol(AttentionPattern p);  // │ ╲ │╲ ▦ ∿
const char* pattern_label(AttentionPattern p);   // translated name
const char* pattern_short_label(AttentionPattern p);  // the same where a head's thumbnail is narrow ("mixed")
// A finished pattern survey in words: "160 maps (10 samples x 16 heads): diagonal 7, block 19, …" (the
// classes with none left out); empty when there is none.
std::string survey_text(const App& app);
// "Count them on all N samples" (ImGui id suffix `id`; a small button in the card): starts the survey when
// clicked, `tooltip` on hover; returns its rect.
Rect survey_start_button(App& app, const char* id, bool small, const char* tooltip);
// After a survey: "Most patterns: Ankle boot, 7 of its 16 head maps." and an "Open it" button (disabled,
// "shown", when it is on screen); returns the button's rect, empty when no sample has a patterned head.
Rect survey_richest_button(App& app, const char* id, bool small);

}  // namespace vitvis
